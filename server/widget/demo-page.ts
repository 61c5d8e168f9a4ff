/** The demo shop page (/widget/demo): a plain storefront with the widget embedded the way a shop would embed it. */
export const DEMO_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo shop — Omni chat widget</title>
<link rel="icon" href="data:,">
</head>
<body style="margin:0;font:16px/1.5 system-ui,sans-serif;color:#111827;background:#f9fafb">
<header style="background:#111827;color:#fff;padding:12px 24px"><h1 style="margin:0;font-size:20px">Demo shop</h1></header>
<main style="max-width:760px;margin:24px auto;padding:0 24px">
<h2>Autumn collection</h2>
<ul>
<li>Wool scarf — $39.00</li>
<li>Leather gloves — $59.00</li>
<li>Rain jacket — $129.00</li>
</ul>
<p>Questions about an order? Use <strong>Chat with us</strong> in the corner: a person from our team answers.</p>
</main>
<script src="/widget/chat.js" defer></script>
</body>
</html>
`;
