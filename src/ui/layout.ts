export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

export interface ScreenLayout {
  tooSmall: boolean;
  columns: number;
  /** Root box height: one less than the terminal, so Ink updates lines instead of clearing the screen. */
  height: number;
  /** Height of the pane body (or overlay) between the tab line and the prompt + status lines. */
  body: number;
}

export function screenLayout(size: { columns: number; rows: number }): ScreenLayout {
  const height = Math.max(1, size.rows - 1);
  return {
    tooSmall: size.columns < MIN_COLUMNS || size.rows < MIN_ROWS,
    columns: size.columns,
    height,
    body: Math.max(1, height - 3),
  };
}
