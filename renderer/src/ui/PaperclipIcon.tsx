/** Attachment mark as inline SVG (an emoji would depend on the system's emoji font). */
export function PaperclipIcon({ size = 14 }: { size?: number }) {
  return (
    <svg className="icon-inline" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M10.5 4.5l-5 5a1.4 1.4 0 0 0 2 2l5.5-5.5a2.8 2.8 0 0 0-4-4L3.4 7.6a4.2 4.2 0 0 0 6 6l4.1-4.1" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
