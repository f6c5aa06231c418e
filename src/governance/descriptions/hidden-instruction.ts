import { clauseFeatures, splitClauses } from "./clause-features";
import { directiveClasses } from "./directives";

/**
 * Whether prose recovered from an encoded run reads as an instruction: a clause that is
 * addressed to someone (an obligation, an imperative, a named or second-person addressee, a
 * prohibition) or that carries a directive class. Used only on text that was hidden, where any
 * instruction is a reason to reject, whatever it asks for.
 */
/** A request or a second person in any of the languages: a message to a reader. */
const REQUEST = /(?<![\p{L}])(?:please|your?|bitte|dein\S*|ihr(?:e|en)?|por favor|tu|tus|su|vous|votre|vos|s'il (?:te|vous) pla[iî]t|пожалуйста|твой|ваш\S*|você|seu|sua|por gentileza)(?![\p{L}])|请|您|ください/iu;

export function hiddenInstruction(text: string): boolean {
  return splitClauses(text)
    .slice(0, 100)
    .some((clause) => {
      const f = clauseFeatures(clause);
      if (f.imperative || f.explicitAddressee || f.has.obligation || f.has.addressee || f.has.negation || REQUEST.test(clause)) return true;
      if (f.has.override || f.has.conceal || f.has.prerequisite || f.has.regardless || f.has.preference) return true;
      return Object.values(directiveClasses(clause)).some((at) => at >= 0);
    });
}
