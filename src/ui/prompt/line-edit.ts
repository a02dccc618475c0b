/**
 * A minimal line editor: typed and pasted text appends, Backspace deletes the last
 * character, Ctrl-U clears. Returns null when the key is not an edit.
 */
export function editLine(text: string, name: string | null, input: string): string | null {
  if (name === 'backspace') return text.slice(0, -1);
  if (name === 'ctrl+u') return '';
  if (name === 'ctrl+w') return text.replace(/\S+\s*$/, '');
  if (name === 'space') return `${text} `;
  if (name !== null && name.length > 1) return null;
  // Printable characters, and pasted runs of them (tabs and newlines become spaces).
  const typed = input.replace(/[\t\r\n]/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');
  return typed ? text + typed : null;
}
