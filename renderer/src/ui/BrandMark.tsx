/** The console's mark as inline SVG (same drawing as the favicon): no font or image request needed. */
export function BrandMark({ size = 22 }: { size?: number }) {
  return (
    <svg className="brand-mark-svg" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#3451d1" />
      <circle cx="16" cy="16" r="8" fill="none" stroke="#fff" strokeWidth="3.2" />
      <circle cx="16" cy="16" r="2.4" fill="#fff" />
    </svg>
  );
}
