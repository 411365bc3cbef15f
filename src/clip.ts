/** `text` cut to at most `max` characters, an ellipsis saying so: for a message that quotes what it was given. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
