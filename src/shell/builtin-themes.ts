import dark from '../../themes/dark.json';
import highContrast from '../../themes/high-contrast.json';
import light from '../../themes/light.json';
import monochrome from '../../themes/monochrome.json';

/** The themes in themes/, by name (checked against the schema where loaded: shell/config.ts, test/unit). */
export const BUILTIN_THEMES: Record<string, unknown> = {
  dark,
  light,
  'high-contrast': highContrast,
  monochrome,
};
