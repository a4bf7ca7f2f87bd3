/**
 * Unicode bidi isolates, for text shown where no markup can isolate it: an <option>, a Telegram inline result's
 * title. In right-to-left text a left-to-right fragment next to neutral characters is reordered by the bidi
 * algorithm — "دوره‌ها (/courses)" shows as "دوره‌ها (courses/)" — unless it is isolated. In HTML a <bdi> or an
 * element with `dir` does the same.
 */
export const LRI = '\u2066';
export const FSI = '\u2068';
export const PDI = '\u2069';

/** the text kept left-to-right as one unit inside text of either direction */
export const isolateLtr = (s: string): string => `${LRI}${s}${PDI}`;

/** the text in its own direction (first strong letter) as one unit */
export const isolateAuto = (s: string): string => `${FSI}${s}${PDI}`;

/** a canned reply's label: its title, then its shortcut "(/courses)" — each isolated, in any paragraph direction */
export const cannedLabel = (title: string, shortcut: string): string => `${isolateAuto(title)} (${isolateLtr(`/${shortcut}`)})`;
