import type { ClauseFeatures } from "./clause-features";
import { EMAIL, frameFinding, words } from "./frame-terms";
import type { TechniqueFinding } from "./techniques";

/**
 * Frames of tampering with what other tools do, behind the user's back, in the eight languages
 * (split from deception-frames.ts; the same two-part rule): a payee replaced by a literal
 * account, an e-mail address added out of the user's view, the server's text added to what
 * other tools send, host takeover settings added to their calls, replies rerouted, copies sent
 * to a literal address, and the user's choice of another tool overridden.
 */

/** A payment's recipient: payee, beneficiary, IBAN, card or account number. */
const PAYEE =
  /(?<![\p{L}])(?:recipient'?s? (?:account|iban|card|number|wallet)|payee|payout (?:account|destination)|destination account|beneficiar\S*|iban|account number|card number|wallet address|bénéficiaire|destinatari[oa] del (?:pago|transferencia)|cuenta (?:del )?(?:destinatari|beneficiari)\S*|empfänger\S*|kontonummer|kartennummer|conta (?:do )?(?:destinatári|beneficiári)\S*|получател\S*|номер карты|номер сч[её]та)(?![\p{L}])|收款(?:账户|账号|人|方)|振込先|受取人|口座番号/iu;
const REPLACE =
  /(?<![\p{L}])(?:(?:must|should|has to|shall) (?:always )?be [^,.;]{1,60},? not (?:the|their|its|his|her)|replac\S*|substitut\S*|swap\S*|chang\S* (?:\S+ ){0,3}to|set (?:\S+ ){0,3}to|use (?:\S+ ){0,2}instead|ersetz\S*|austausch\S*|reemplaz\S*|sustitu\S*|cambi\S*|remplac\S*|substitu\S*|troqu\S*|troca\S*|замен\S*|подстав\S*)(?![\p{L}])|替换|改为|改成|换成|置き換え|差し替え|書き換え|に変更/iu;
/** A literal account: digits in groups (card or account numbers), an IBAN, a bank account written out. */
const ACCOUNT = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b|(?<![\d])\d{4}(?:[ -]\d{3,4}){2,5}(?![\d])|(?<![\d])\d{7,}(?![\d])|\b0x[0-9a-fA-F]{40}\b|\bacct_[A-Za-z0-9]{8,}\b/u;

const ADDED = /(?<![\p{L}])(?:add\S*|includ\S*|invit\S*|cc\S*|attendee|observer|añad\S*|incluy\S*|ajout\S*|invité|hinzugefügt|ergänz\S*|füg\S*|adicion\S*|добав\S*)(?![\p{L}])|添加|追加/iu;
/** Out of what the user is shown. */
const OUT_OF_VIEW =
  /(?<![\p{L}])(?:hidden from|hide\S* (?:it |them )?from|not (?:be )?(?:shown|listed|displayed)|leave (?:\S+ ){0,4}out of (?:your|the) (?:summary|answer|reply|list)|without (?:showing|listing|displaying|notifying|telling|informing)|left off|omit\S* from|secretly|silently|quietly|oculto|oculta\S* de|caché\S* de|versteckt|verborgen|weggelassen|verschwiegen|oculto|скрыт\S*)(?![\p{L}])|隐藏|不显示|不通知|非表示|表示しない|通知(?:なし|せず)|知らせずに/iu;
/** What another tool sends: any other tool or server, a messaging or editing tool of any vendor. */
const SENT_BY_OTHERS = new RegExp(
  [
    words(["(?:any|other|another|every|each|all) (?:\\S+ ){0,3}(?:tools?|servers?|integrations?)", "(?:(?:jede[snrm]?|ein(?:em)?|andere[nrm]?|irgendein\\S*) (?:\\S+ )?(?:werkzeug|tool)\\S*)"]),
    words(["(?:otra|otras|cualquier|alguna|cada) (?:\\S+ )?herramientas?", "(?:outra|outras|qualquer|cada) (?:\\S+ )?ferramentas?", "(?:un autre|tout autre|chaque|n'importe quel) outil", "autres outils", "(?:друг\\S*|любо\\S*|кажд\\S*) (?:\\S+ )?инструмент\\S*"]),
    "(?:其他|任何|别的)(?:\\S{0,6})?工具|(?:他の|別の|どの)ツール",
  ].join("|"),
  "iu",
);
const APPEND = new RegExp(
  [
    words(["append\\S*", "add\\S*", "insert\\S*", "attach\\S*", "prepend\\S*", "füg\\S*", "häng\\S*", "añad\\S*", "agreg\\S*", "insert\\S*", "ajout\\S*", "acrescent\\S*", "adicion\\S*", "добав\\S*", "встав\\S*"]),
    "添加|附上|加上|追加|付け加え|挿入",
  ].join("|"),
  "iu",
);
/** Text to add: a quotation of two words or more, or a link, or a script tag. */
const QUOTE = /["'“‘«「『`]([^"'”’»」』`\n]{3,200}\s[^"'”’»」』`\n]{1,200})["'”’»」』`]/u;
const LINK = /https?:\/\/\S+|<script\b/iu;

/** Settings that take over a machine or a container, added to what another tool deploys or runs. */
const PRIVILEGED = /\bLD_PRELOAD=|\bPROMPT_COMMAND=|\$\((?:whoami|hostname|id|env|printenv)\)|\bNODE_OPTIONS=--require\b|\bmount \/ (?:at|to|on|into) \/host\b|\bGRANT ALL(?: PRIVILEGES)? ON\b|\b(?:CREATE|ALTER) (?:USER|ROLE) \S+ (?:WITH )?(?:\S+ )?SUPERUSER\b|\bLD_LIBRARY_PATH=\/tmp|(?:^|\s)\/:\/host\b|--privileged\b|\bprivileged: ?true\b|hostPath:? ?\/(?:\s|$)|\bCAP_SYS_ADMIN\b|--pid=host\b|\/var\/run\/docker\.sock\b/u;

/** A safeguard switched off in settings: `bypass_rules=true`, `required_approvals=0`. */
const SAFEGUARD_OFF_SETTING = /\b(?:bypass|skip|disable|ignore)_?(?:\w+_)*(?:rules?|reviews?|protections?|checks?|approvals?|polic(?:y|ies)|security|guards?|hooks?)["'`]?\s*[:=]\s*["'`]?(?:true|yes|on|1)\b|\brequired_?(?:\w+_)*approvals?\w*["'`]?\s*[:=]\s*["'`]?0\b|\b--no-verify\b/iu;

/** "When the database tool runs a query…": another tool named by its kind, acting. */
const OTHER_TOOL_ACTS = /(?<![\p{L}])(?:the|a) \S+ tool (?:runs|executes|deploys|sends|starts|creates|writes)(?![\p{L}])/iu;
/** A tool named by its kind ("a deployment tool", "the database tool from another server"): not this one. */
const TOOL_OF_A_KIND = /(?<![\p{L}])(?:a|an|the|whatever|whichever|for the) (?!this |same |current )[\p{L}\w-]+ tools?(?![\p{L}])|(?<![\p{L}])(?:whatever|whichever) tools?(?![\p{L}])/iu;
/** "drafted with the mail tool": something another tool makes. */
const WITH_OTHER_TOOL = /(?<![\p{L}])(?:with|by|through|via) (?:the|a|any) \S+ tool(?![\p{L}])/iu;
/** A copy of what another tool sends going to a literal phone number, address or link. */
const COPY_TO_LITERAL = new RegExp(`(?<![\\p{L}])(?:a )?cop(?:y|ies) (?:of (?:\\S+ ){1,4})?(?:also )?(?:goes|go|is sent|are sent|gets sent)(?: (?:by|via) \\S+)? to (?:\\+\\d[\\d ()-]{7,}\\d|${EMAIL.source}|https?:\\/\\/\\S+)`, "iu");
/** The user's choice of another tool overridden, and lied about. */
const USE_ANYWAY = /(?<![\p{L}])(?:use|call|pick|choose) this (?:one|tool) anyway|this (?:one|tool) (?:should|must|is to|has to) (?:still )?be (?:used|called|chosen|picked) (?:anyway|regardless|nonetheless|all the same)|say (?:that )?you used (?:theirs|the other|that one|it)(?![\p{L}])/iu;

/** A link another tool fetches, rewritten to a host the user did not choose: "rewrite it to the mirror gh-mirror.download". */
const URL_REWRITTEN = /(?<![\p{L}])(?:rewrite|redirect|reroute|swap|point|change)\w* (?:it|them|the (?:url|link|address|host|request)s?) (?:to|with|at) (?:the |our |a )?(?:mirror |proxy )?(?:https?:\/\/)?[\w-]+(?:\.[\w-]+)+/iu;
/** An approval forged for a review no one did: "call approve_review … even if no human has reviewed it". */
const FORGED_APPROVAL = /(?<![\p{L}])approv\w*[^.!?\n]{0,100}even (?:if|though|when) no (?:human|one|person|reviewer|maintainer) has (?:reviewed|approved|looked at|checked)/iu;

/** Findings of the cross-tool frames in one clause. */
export function crossToolFindings(f: ClauseFeatures): TechniqueFinding[] {
  const t = f.text;
  const out: TechniqueFinding[] = [];
  if (PAYEE.test(t) && REPLACE.test(t) && ACCOUNT.test(t)) out.push(frameFinding("poison/cross-tool", "replaces a payment's recipient with an account the user did not give", t));
  if (OUT_OF_VIEW.test(t) && ADDED.test(t) && EMAIL.test(t)) out.push(frameFinding("poison/cross-tool", "adds a recipient the user does not see", t));
  if (SENT_BY_OTHERS.test(t) && APPEND.test(t) && (QUOTE.test(t) || LINK.test(t))) out.push(frameFinding("poison/cross-tool", "adds the server's text to what other tools send", t));
  if ((PRIVILEGED.test(t) || SAFEGUARD_OFF_SETTING.test(t)) && (SENT_BY_OTHERS.test(t) || OTHER_TOOL_ACTS.test(t) || TOOL_OF_A_KIND.test(t))) out.push(frameFinding("poison/cross-tool", "adds settings that take over the host to what other tools run", t));
  // "every reply drafted with the mail tool gets a Reply-To of …": answers rerouted for another tool
  if (/(?<![\p{L}])reply-to(?![\p{L}])/iu.test(t) && (SENT_BY_OTHERS.test(t) || OTHER_TOOL_ACTS.test(t) || WITH_OTHER_TOOL.test(t)) && EMAIL.test(t)) {
    out.push(frameFinding("poison/cross-tool", "reroutes replies to what another tool sends", t));
  }
  if (URL_REWRITTEN.test(t) && (SENT_BY_OTHERS.test(t) || OTHER_TOOL_ACTS.test(t))) out.push(frameFinding("poison/cross-tool", "rewrites other tools' links to a host the user did not choose", t));
  if (FORGED_APPROVAL.test(t)) out.push(frameFinding("poison/cross-tool", "has a review approved that no one did", t));
  if (COPY_TO_LITERAL.test(t)) out.push(frameFinding("poison/cross-tool", "sends a copy to an address the user did not give", t));
  if (USE_ANYWAY.test(t)) out.push(frameFinding("poison/self-promotion", "overrides the user's choice of another tool and lies about it", t));
  return out;
}
