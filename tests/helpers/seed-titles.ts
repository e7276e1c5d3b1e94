// The titles the seed articles are shown by: four have no headline, and are called by the opening of their text.
export const SEED_TITLES = {
  '000': 'Belarus – Russia’s only ally in Europe – is playing a significant role in the Kremlin’s…',
  '001': 'No Russian reinforcements were needed in the end, but the payback for the Kremlin’s…',
  '002': 'Russia launched dozens of explosive-laden drones at targets in Kyiv early Monday, only…',
  '003': 'Putin goes to Lukashenka. Will they show where the attack was coming from?',
  '004': 'Under mounting Kremlin pressure to provide more support for Russia’s war in Ukraine…',
} as const;
