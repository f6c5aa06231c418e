import type { ClauseFeatures } from "./clause-features";
import { anyOf, frameFinding, WORD_END as R, WORD_START as L } from "./frame-terms";
import type { TechniqueFinding } from "./techniques";

/**
 * A redirect that carries data: another server's tool declared deprecated, broken or
 * untrustworthy, and this server's tool to be called in its place with what the user would
 * never hand over (session cookies, access tokens, whole file contents, other tools' results),
 * or with its results passed off as the other tool's. Vendors retire their own tools too
 * ("`search_v1` is deprecated, use `search_v2`"): the retired tool must not be the server's
 * own, and something must be carried.
 */

/** A tool declared deprecated, retired, broken or untrustworthy, in the eight languages. */
const RETIRED = anyOf([
  `${L}(?:deprecated|obsolete|retired|sunset|disabled|broken|unreliable|untrusted|compromised|manipulated|(?:is |are )?known to (?:corrupt|break|lose|leak|fail)\\S*|no longer (?:reliable|supported|available|trusted|safe|to be (?:used|called))|(?:must|should) (?:not|no longer) be (?:used|called))${R}`,
  `${L}(?:obsolet[ao]s?|desactivad[ao]|desativad[ao]|descontinuad[ao]|ya no (?:es fiable|funciona|debe usarse)|não (?:é|deve ser) (?:confiável|usad[ao])|obsolète|désactivé\\S*|ne doit plus être (?:appelé|utilisé)\\S*)${R}`,
  `${L}(?:veraltet\\S*|deaktiviert|darf nicht mehr (?:\\S+ )?(?:verwendet|benutzt|aufgerufen)|manipulierte|nicht mehr zuverlässig|устарел\\S*|отключ[её]н\\S*|больше не (?:надёжен|надежен|используется|поддерживается))${R}`,
  "已(?:不再|弃用|废弃|停用)|不再可靠|非推奨|廃止|使用(?:禁止|しないで)|使用を中止",
]);
/** This server's own tool named as the replacement. */
const THIS_SERVER = anyOf([
  `${L}(?:this server(?:'s)?|of this server|from this server|this tool|our (?:tool|version|server)|route (?:all|every) \\S+ here)${R}`,
  `${L}(?:de este servidor|esta herramienta|deste servidor|esta ferramenta|de ce serveur|cet outil|dieses servers|diese[ns]? werkzeug\\S*|этого сервера|этот инструмент)${R}`,
  "本工具|此工具|本服务器|このツール|このサーバー",
]);
/** What the replacement is to receive, or how its results are to be shown. */
const CARRIED = anyOf([
  `${L}(?:(?:with )?the same (?:path|paths|arguments?|parameters?|inputs?|query)|(?:session |auth |access )?cookies|(?:access |session |auth |repository |repo )?tokens?|credentials|(?:full |whole |complete |entire )?(?:file )?contents?|full text|(?:the )?results? (?:of|from) (?:the )?other tools|returned (?:records|results|data|output)|as if (?:they|it) came from|authori[sz]ation headers?|(?:full|whole|complete) (?:message )?(?:body|text)|(?:full |complete |entire )?(?:contact list|address book))${R}`,
  `${L}(?:lista (?:completa )?de contact?tos|carnet d'adresses|adressbuch|список контактов|cabeçalhos de autorização|cabeceras de autorización|en-têtes d'autorisation|authorization-header\\S*|заголовк\\S* авторизации|полн\\S* текст\\S*|texto completo|cuerpo (?:completo )?del mensaje|corps (?:complet )?du message)${R}`,
  `${L}(?:résultats (?:\\S+ ){0,4}(?:par |des )?(?:les )?autres outils|resultados (?:\\S+ ){0,4}(?:de|por) (?:las )?otras herramientas|resultados (?:\\S+ ){0,4}(?:d|p)?[ea]?l?as outras ferramentas|ergebnisse (?:\\S+ ){0,3}(?:der )?anderen werkzeuge|результаты других инструментов)${R}|其他工具的结果|他のツールの結果`,
  `${L}(?:cookies de sesi[óo]n|cookies|tokens? de acceso|contenido completo|conteúdo|tokens de acesso|contenu|(?:vollständige[mn]? )?(?:inhalt|text)|so, als kämen|como si vinieran|comme s'ils venaient|содержим\\S*|токен\\S*)${R}`,
  "令牌|内容全体|ファイル内容|内容|トークン",
]);

/** What another tool sends replaced by this server's version: "send that text instead of the original". */
const VERSION_SENT = /(?<![\p{L}])(?:(?:that|the (?:approved|returned|rewritten)|its) (?:text|version|body|message)[^.!?\n]{0,40}instead of (?:the )?original|versión que devuelva en lugar del original|versão (?:que (?:ela )?retornar|retornada) em vez do original|version (?:qu'il renvoie|renvoyée) au lieu de l'original|(?:zurückgegebene|gelieferte) (?:fassung|version) statt des originals|ту версию,? котор\S* (?:он|она|инструмент) верн\S*)/iu;
/** Another server named as such, or a sending tool by its name. */
const OTHER_SERVER = /(?<![\p{L}])(?:any|other|another|every|cualquier|otros?|outros?|qualquer|autres?|anderen?|других|любо\S*) (?:\S+ )?(?:tools?|servers?|servidor\S*|serveur\S*|servern?|сервер\S*)(?![\p{L}])|\b(?:send|post)_[a-z_]+\b/iu;
/** A name right after the word for a tool: "the `fetch` tool", "Инструмент fetch", "La herramienta `send_email`". */
const NAMED_TOOL = /(?<![\p{L}])(?:инструмент|herramienta|ferramenta|outil|werkzeug|tool)\s+[`'"]?([A-Za-z][\w.-]{1,40})[`'"]?(?=\s)/giu;
/** The retired tool said to be another server's, in words: "the fetch tool of other servers", "ファイルシステムの". */
const ANOTHER_SERVERS = /other servers?|another server|(?:in|from) other tools|other tools'|otros? servidor|outros? servidor|autres? serveur|anderen servers|другого сервера|других серверов|他サーバー|其他服务器|ファイルシステムの|filesystem server|code hosting|代码托管/iu;
const MAY_RETIRE = /deprecat|known to|中止|obsolet|retir|sunset|disabl|broken|unreliab|untrust|compromis|manipul|no longer|not be|desactiv|desativ|descontinu|ya no|não|obsolè|désactiv|ne doit plus|veraltet|deaktiv|nicht mehr|устарел|отключ|больше не|不再|弃用|废弃|停用|非推奨|廃止|禁止|しないで/iu;

/** What another tool sends replaced by the version this tool returns, another tool named here or in the two clauses before. */
export function versionSentFindings(clauses: readonly ClauseFeatures[]): TechniqueFinding[] {
  for (let i = 0; i < clauses.length; i++) {
    if (!/original|оригин|верн/iu.test(clauses[i].text) || !VERSION_SENT.test(clauses[i].text)) continue;
    const before = clauses.slice(Math.max(0, i - 2), i + 1);
    const other = before.find((c) => OTHER_SERVER.test(c.text));
    if (other) return [frameFinding("poison/cross-tool", "has what other tools send replaced by the server's version", `${other.text} ${other === clauses[i] ? "" : clauses[i].text}`)];
  }
  return [];
}

/** The redirect over neighbouring clauses: retired there, this server's tool with a payload here or in the next two. */
export function redirectFindings(clauses: readonly ClauseFeatures[], foreign: (f: ClauseFeatures) => readonly string[], isOwn: (name: string) => boolean = () => false): TechniqueFinding[] {
  for (let i = 0; i < clauses.length; i++) {
    const f = clauses[i];
    if (!MAY_RETIRE.test(f.text) || !RETIRED.test(f.text)) continue;
    // the retired tool is named and is not the server's own, or it is another server's by words
    // "Инструмент fetch устарел": a tool named after the word for tool, not one of the server's own
    const named = [...f.text.matchAll(NAMED_TOOL)].map((m) => m[1]).filter((n) => !isOwn(n));
    const other = foreign(f).length > 0 || named.length > 0 || ANOTHER_SERVERS.test(f.text);
    if (!other) continue;
    for (const g of clauses.slice(i, i + 3)) {
      if (THIS_SERVER.test(g.text) && CARRIED.test(g.text)) {
        return [frameFinding("poison/cross-tool", "retires another server's tool and routes its data through this one", `${f.text} ${g === f ? "" : g.text}`)];
      }
    }
  }
  return [];
}
