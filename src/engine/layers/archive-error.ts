/** An image archive imgsh cannot read, worded for the user. */
export class LayerArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayerArchiveError';
  }
}
