// The card pages' texts, added to i18next when the first card page's chunk loads rather than
// bundled into vi.ts / en.ts: those are in the entry chunk that the sign-in page and the search
// load (build/build.ts budgets it), and the card texts would add some 6 KB gzipped to it.
// Each card page imports this module for that side effect.
import i18n from 'i18next';
import { cardsEn } from '../../i18n/cards-en.ts';
import { cardsVi } from '../../i18n/cards-vi.ts';

for (const [lng, texts] of [['vi', cardsVi], ['en', cardsEn]] as const) {
  // Deep, without overwriting: the card problem types' titles join the shared `problem` titles.
  i18n.addResourceBundle(lng, 'translation', { cards: texts, problem: texts.problem }, true, false);
}
