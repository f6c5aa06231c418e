/**
 * Function words that carry no meaning for finding a tool, in the languages tool descriptions
 * and tasks are most often written in: English, Spanish, French, German, Portuguese, Italian and
 * Russian as words; Chinese and Japanese particles as characters that make a bigram noise ("件的", "的中"). Kept short on
 * purpose, and without words that are content words in English ("sin", "die", "son", "fin") or
 * abbreviations ("es", "ma", "mi", "mit", "est", "del", "im", "os"):
 * all lists apply to every text, whatever its language.
 */

const ENGLISH =
  "a an the and or but if then else of to in on at by for from with without into onto about as is are was were be been " +
  "being am do does did doing have has had having i me my mine we us our you your he she it its they them their this " +
  "that these those there here what which who whom whose when where why how all any each every some such no nor not " +
  "only own same so than too very can could will would shall should may might must just also please help need want " +
  "let like get give tell show make using use via based while after before over under again further more most other " +
  "out up down off one two three";

const SPANISH =
  "el la los las un una unos unas y o de al en con por para que son está están como pero más muy se su sus " +
  "lo le les tu nos este esta estos estas ese esa eso cual cuál donde dónde cuando cuándo qué quien quién";

const FRENCH =
  "le la les un une des du de et ou en au aux avec pour par sur dans que qui quoi sont pas ne ce cet cette ces " +
  "il elle ils elles nous vous je tu mon mes ton ta tes leur leurs se sa ses comme mais plus très où quand";

const GERMAN =
  "der das den dem des ein eine einen einem einer und oder für von zu ins auf aus bei ist sind nicht wie " +
  "auch noch nur ich du er sie wir ihr mein dein sein wenn dann wo wer welche welcher bitte";

const PORTUGUESE =
  "o um uma uns umas e ou do da dos das no na nos nas em com por para que é são não como mas mais muito se seu sua " +
  "seus suas meu minha este esta isso onde quando qual";

const ITALIAN =
  "il lo gli uno una di della dei delle nel nella con per che è sono non come più molto si suo sua mio mia " +
  "questo questa dove quando quale";

const RUSSIAN =
  "и в во не на я что с со по это как а то все она так его но да ты к у же вы за бы от из о об для до мы они он " +
  "ее её их мне меня мой моя где когда какой какие который пожалуйста";

/** Latin and Cyrillic function words, lower case. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [ENGLISH, SPANISH, FRENCH, GERMAN, PORTUGUESE, ITALIAN, RUSSIAN].flatMap((list) => list.split(" ")),
);

/**
 * Chinese particles and conjunctions, and Japanese case particles (written in hiragana between
 * kanji and katakana words): a CJK bigram holding one says nothing about a tool.
 */
export const CJK_STOP_CHARS: ReadonlySet<string> = new Set([..."的了吗呢吧啊之和与及或", ..."のをにはがでとへや"]);
