/*
 * Fixed reference data for the demo retailer ("Northwind Outfitters"): products, stores, staff
 * and conversation topics. Hand-written so the timeline reads like a real store's history.
 */

export interface Product {
  sku: string;
  title: string;
  price: number;
}

export const PRODUCTS: readonly Product[] = [
  { sku: 'TRL-RUN-42', title: 'Trail runner shoes', price: 119.5 },
  { sku: 'RDG-JKT-M', title: 'Ridgeline rain jacket', price: 189 },
  { sku: 'MRN-BASE-L', title: 'Merino base layer', price: 74 },
  { sku: 'WOL-SOCK-3', title: 'Wool hiking socks (3-pack)', price: 24 },
  { sku: 'SUM-PACK-28', title: 'Summit daypack 28L', price: 139 },
  { sku: 'ALP-TENT-2', title: 'Alpine 2-person tent', price: 349 },
  { sku: 'DWN-BAG-20', title: 'Down sleeping bag 20°F', price: 279 },
  { sku: 'TRK-POLE-CF', title: 'Carbon trekking poles', price: 129 },
  { sku: 'INS-BOT-1L', title: 'Insulated bottle 1L', price: 34 },
  { sku: 'FLC-HOOD-S', title: 'Fleece hoodie', price: 89 },
  { sku: 'HDL-300', title: 'Headlamp 300 lm', price: 45 },
  { sku: 'CMP-STV-1', title: 'Compact camp stove', price: 64 },
  { sku: 'SUN-HAT-UPF', title: 'UPF 50 sun hat', price: 32 },
  { sku: 'HKG-BOOT-W', title: 'Waterproof hiking boots', price: 210 },
  { sku: 'CLM-HRN-M', title: 'Climbing harness', price: 79 },
  { sku: 'PCK-CVR-M', title: 'Pack rain cover', price: 22 },
  { sku: 'TRV-PLW', title: 'Inflatable travel pillow', price: 19 },
  { sku: 'GPS-WCH-2', title: 'GPS trail watch', price: 299 },
  { sku: 'SFT-SHL-W', title: 'Softshell pants', price: 115 },
  { sku: 'GFT-CARD-50', title: 'Gift card $50', price: 50 },
];

export interface Store {
  id: string;
  name: string;
  associates: readonly string[];
}

export const STORES: readonly Store[] = [
  { id: 'SF-UNION', name: 'San Francisco – Union Square', associates: ['Priya Natarajan', 'Luis Ortega', 'Hannah Kim'] },
  { id: 'NY-SOHO', name: 'New York – SoHo', associates: ['Marcus Bell', 'Aisha Rahman', 'Tom Becker'] },
  { id: 'CHI-LOOP', name: 'Chicago – The Loop', associates: ['Grace Lindqvist', 'Omar Haddad'] },
  { id: 'BOS-BACK', name: 'Boston – Back Bay', associates: ['Erin Walsh', 'Kenji Sato'] },
  { id: 'SEA-PIKE', name: 'Seattle – Pike Place', associates: ['Noah Fischer', 'Leila Moradi', 'Dana Brooks'] },
  { id: 'TOR-KING', name: 'Toronto – King West', associates: ['Sophie Tremblay', 'Arjun Mehta'] },
];

/** Contact-center agents (phone, email, chat). */
export const AGENTS: readonly string[] = ['Sam Ortiz', 'Jordan Lee', 'Riley Patel', 'Morgan Davis', 'Casey Nguyen', 'Avery Johnson', 'Taylor Brooks', 'Jamie Rivera'];

export const CHAT_BOT = 'Northwind Assistant';

/** Real North American area codes: every number built from them is valid for libphonenumber-js. */
export const AREA_CODES: readonly string[] = ['415', '212', '312', '617', '206', '310', '512', '303', '404', '305', '646', '718', '213', '503', '612', '215', '202', '720', '971', '857'];
/** Canadian customers pay in CAD. */
export const CANADIAN_AREA_CODES: readonly string[] = ['416', '604'];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org', 'mail.example', 'inbox.example'];

export const SUPPORT_EMAIL = 'support@northwind.example';
export const SUPPORT_SMS = '+14155550100';

/**
 * What a contact is about. `{order}` is replaced with the customer's latest order number,
 * `{product}` with a product title.
 */
export interface Topic {
  key: string;
  subject: string;
  ask: string;
  answer: string;
  callNote: string;
  sms: string;
}

export const TOPICS: readonly Topic[] = [
  {
    key: 'delivery',
    subject: 'Where is my order {order}?',
    ask: 'Hi, my order {order} was supposed to arrive yesterday and the tracking page has not updated in three days. Can you check what is going on?',
    answer: 'Thanks for your patience. The carrier had a sorting delay; your parcel for {order} is moving again and should arrive within two business days.',
    callNote: 'Asked about a late delivery for {order}',
    sms: 'Any update on {order}? Tracking still says in transit.',
  },
  {
    key: 'return',
    subject: 'Return request for {order}',
    ask: 'I would like to return the {product} from order {order}. It does not fit as expected. What is the easiest way to send it back?',
    answer: 'No problem at all. I have emailed a prepaid return label for {order}; you can also drop it at any store and we will refund you on the spot.',
    callNote: 'Wants to return {product} from {order}',
    sms: 'Can I return {product} in store?',
  },
  {
    key: 'sizing',
    subject: 'Sizing question: {product}',
    ask: 'Does the {product} run true to size? I am usually between a medium and a large.',
    answer: 'The {product} has an athletic fit, so most customers between sizes go up one. Free exchanges apply if it is not right.',
    callNote: 'Sizing advice for {product}',
    sms: 'Is {product} true to size?',
  },
  {
    key: 'billing',
    subject: 'Charged twice for {order}',
    ask: 'My card statement shows two charges for order {order}. Could you look into it and reverse the duplicate?',
    answer: 'You are right, the second charge was a pre-authorization hold. It has been released and will disappear from your statement within 3–5 days.',
    callNote: 'Reported a duplicate charge on {order}',
    sms: 'I see two charges for {order}, please help',
  },
  {
    key: 'warranty',
    subject: 'Broken zipper on my {product}',
    ask: 'The zipper on my {product} broke after two months of normal use. Is this covered by the warranty?',
    answer: 'Sorry to hear that. The {product} carries our lifetime warranty: bring it to any store or ship it to us and we will repair or replace it.',
    callNote: 'Warranty claim for {product}',
    sms: 'Zipper on my {product} broke, warranty?',
  },
  {
    key: 'stock',
    subject: 'Is the {product} back in stock?',
    ask: 'I have been waiting for the {product} to come back in stock. Do you know when the next shipment arrives?',
    answer: 'The {product} is due back next week. I have added you to the restock alert so you hear first.',
    callNote: 'Asked about restock of {product}',
    sms: 'Let me know when {product} is back',
  },
  {
    key: 'address',
    subject: 'Change delivery address for {order}',
    ask: 'I just placed order {order} but I used my old address. Can you update it before it ships?',
    answer: 'Caught it in time: the shipping address on {order} is updated and a confirmation is on its way.',
    callNote: 'Changed the delivery address on {order}',
    sms: 'Wrong address on {order}, can you fix it?',
  },
  {
    key: 'loyalty',
    subject: 'Loyalty points missing',
    ask: 'My last store purchase did not add points to my loyalty card. Can you add them manually?',
    answer: 'I have credited the missing points to your loyalty account. They will show up in the app within the hour.',
    callNote: 'Missing loyalty points from a store purchase',
    sms: 'My points from the store visit are missing',
  },
];

export const CHAT_CLOSERS: readonly string[] = ['Perfect, thank you so much!', 'Great, that helps a lot.', 'Thanks for the quick answer!', 'Awesome, appreciate it.'];
export const OUTBOUND_SMS: readonly string[] = [
  'Northwind: your order {order} has shipped. Track it at northwind.example/t/{order}',
  'Northwind: your order {order} is ready for pickup.',
  'Northwind: how did we do? Reply 1-5 to rate your recent visit.',
  'Northwind: your appointment is confirmed for tomorrow. Reply C to cancel.',
];
export const NOTES: readonly string[] = [
  'Customer prefers email over phone. Do not call before 10am PT.',
  'VIP: expedite shipping at no charge on next order.',
  'Goodwill credit of $20 issued for the delivery delay.',
  'Asked to be notified when the fall collection launches.',
  'Follow up next week about the warranty repair.',
];
