// Figures of the blog: builders (plain data → Figure), one renderer (Figure → SVG, PNG, files),
// the figures README, and notebook display. Re-exports only.
export * from './charts';
export * from './display';
export * from './fig01-roadmap';
export * from './fig02-snapshot';
export { MAX_STARS, type MovieAverage, type TopPopularInput, topPopularFigure } from './fig03-top-popular';
export * from './fig04-top-by-genre';
export * from './fig05-svd-pipeline';
export { userMovieMatrixFigure } from './fig06-user-movie-matrix';
export * from './fig07-reconstructed-predictions';
export * from './fig08-user1-top5';
export * from './fonts';
export { RATING_RAMP, type RatingsBlock } from './heatmap';
export * from './plotly';
export * from './readme';
export * from './render';
export { type TextTable, type TextTableColumn, type TextTableOptions, textTableSpec } from './table';
export { type FontMetrics, fontMetrics, missingGlyphs, parseFontMetrics, textWidth } from './text-metrics';
export * from './theme';
export * from './types';
