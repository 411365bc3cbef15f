/** Typing in a field (a flag search, a reason, a log filter) is typing, not a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.matches('input, textarea, select'));
}

/**
 * Escape meant for the graphs (leave the incident layout, clear the time cursor): not one pressed
 * in a field (a flip's reason), a dialog or the time picker, where it means "cancel that", nor one
 * a popover has handled already.
 */
export function isEscapeForTheGraphs(event: KeyboardEvent): boolean {
  if (event.key !== 'Escape' || event.defaultPrevented) return false;
  const target = event.target instanceof Element ? event.target : null;
  return !target?.closest('input, textarea, select, [role="dialog"], .time-picker');
}
