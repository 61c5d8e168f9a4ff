/* Given-name variants: each group is one name. Small on purpose; Jaro–Winkler covers spelling noise. */
const GROUPS = [
  'robert rob bob bobby robbie bert',
  'william will bill billy willie liam',
  'elizabeth liz lizzie beth betty eliza libby bess',
  'margaret maggie meg peggy marge',
  'richard rick dick rich richie',
  'james jim jimmy jamie',
  'john jack johnny jon',
  'jonathan jon jonny',
  'michael mike mick mickey',
  'katherine catherine kate katie kathy cathy kat',
  'thomas tom tommy',
  'joseph joe joey',
  'charles charlie chuck chas',
  'christopher chris kit',
  'christine chris chrissy tina',
  'daniel dan danny',
  'david dave davey',
  'edward ed eddie ted ned',
  'alexander alex alec sandy',
  'alexandra alex lexi sandra',
  'anthony tony',
  'andrew andy drew',
  'benjamin ben benny',
  'matthew matt matty',
  'nicholas nick nicky',
  'patrick pat paddy',
  'patricia pat patty trish',
  'samuel sam sammy',
  'samantha sam sammy',
  'stephen steven steve',
  'timothy tim timmy',
  'jennifer jen jenny',
  'jessica jess jessie',
  'rebecca becky becca',
  'susan sue susie',
  'victoria vicky tori',
  'deborah debbie deb',
  'barbara barb babs',
  'joshua josh',
  'zachary zach zac',
  'gregory greg',
  'kenneth ken kenny',
  'lawrence larry',
  'ronald ron ronnie',
  'donald don donnie',
  'frederick fred freddie',
  'henry harry hank',
  'harold harry hal',
  'abigail abby',
  'amanda mandy',
  'natalie nat',
  'nathan nate nat',
  'madeleine madeline maddie',
  'isabella isabel izzy bella',
  'gabrielle gabby',
  'kimberley kimberly kim',
  'jacqueline jackie',
];

const index = new Map<string, Set<number>>();
GROUPS.forEach((g, i) => {
  for (const n of g.split(' ')) {
    const set = index.get(n) ?? new Set<number>();
    set.add(i);
    index.set(n, set);
  }
});

/** True when the two given names are variants of one name (Bob/Robert, Liz/Elizabeth). */
export function isNickname(a: string, b: string): boolean {
  if (a === b) return false;
  const ga = index.get(a);
  const gb = index.get(b);
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}
