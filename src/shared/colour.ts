// Code colours as the codebook stores them (#rrggbb). A colour that reaches a
// report or a chart by another road is checked here, so it can never break
// out of a style attribute or an SVG attribute.

/** The colour when it is #rrggbb, else a neutral grey. */
export const safeColour = (colour: string): string => (/^#[0-9a-f]{6}$/i.test(colour) ? colour : '#888888');
