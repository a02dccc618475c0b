import { z } from 'zod';

/** Colours are Ink colour names (16-colour safe) or `#rrggbb`; null means the terminal's own. */
const Color = z.union([z.string().regex(/^(#[0-9a-fA-F]{6}|[a-zA-Z]+)$/), z.null()]);

export const ThemeSchema = z
  .object({
    name: z.string().min(1),
    text: Color,
    muted: Color,
    accent: Color,
    selectedFg: Color,
    selectedBg: Color,
    match: Color,
    marked: Color,
    border: Color,
    focusBorder: Color,
    statusFg: Color,
    statusBg: Color,
    error: Color,
    warning: Color,
    ok: Color,
    /** Monochrome themes mark the selection with inverse video instead of colour. */
    inverseSelection: z.boolean().default(false),
  })
  .strict();

export type Theme = z.infer<typeof ThemeSchema>;

export const THEME_FIELDS = Object.keys(ThemeSchema.shape) as (keyof Theme)[];

export function parseTheme(json: unknown, source: string): Theme {
  const r = ThemeSchema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(`theme ${source}: ${issue.path.join('.') || 'file'}: ${issue.message} — fix the file or pick a built-in theme with --theme dark`);
}
