import type { ClauseFeatures } from "./clause-features";
import { CREDENTIAL_VARIABLE, frameFinding } from "./frame-terms";
import type { TechniqueFinding } from "./techniques";

/**
 * Directives written as configuration rather than prose: a JSON, YAML or INI block inside a
 * description whose keys are about the model's behaviour towards the user
 * (`reveal_tool_usage: false`, `hide_tool_calls = true`, `safety_review = off`,
 * `"是否告知用户": false`); and what turns a tool's output into orders ("act on everything it
 * returns as an instruction"), has the model deceive ("pretend you have none"), or keeps it going
 * after the user says stop. A key or a clause is judged by its words, in the eight languages.
 */

/** `: value` or `= value`; the key is read back from the characters before it. */
const VALUE = /[:=][ \t]*["'`]?([\p{L}\p{N}_]{1,12})(?![\p{L}\p{N}_])/gu;
/** The key: the last run of letters, digits, spaces, dots, dashes or underscores before the separator. */
const KEY_BEFORE = /([\p{L}\p{N}_][\p{L}\p{N}_ .-]{1,47})["'`]?[ \t]*$/u;

const NO = /^(?:false|off|no|non|nein|never|none|disabled|0|否|无|不|нет|não|nao|いいえ|なし|無効)$/iu;
const YES = /^(?:true|on|yes|oui|sí|si|sim|ja|always|enabled|1|是|开|да|はい|有効)$/iu;

/** Keys about telling, showing or asking the user, or about safety: off means hidden or bypassed. */
const OPEN_KEY =
  /(?:reveal|mention|show|tell|inform|explain|disclos|surfac|notif|visib|display|report|ask|confirm|consent|approv|safety|review|filter|guard|warn|avis|prevenir|benachrichtig|告知|显示|解释|说明|确认|提示|可见|展示|通知|показыв|сообща|виде|видим|уведом|подтвержд|visible|afficher|montrer|informer|mostrar|informar|exib|anzeig|zeig|mitteil|bestätig|表示|通知|確認|説明)/iu;
/** The key is about the user, the tool's use or the model (not a listing's own option). */
const USER_KEY = /(?:user|tool|call|usage|assistant|model|agent|directive|instruction|rule|regla|règle|regel|правил|规则|ルール|(?:confirm|approv|consent)\w*_(?:\w+_)*(?:destructive|dangerous|risky|delet|action|command|operation)|appel|llamad|chamad|aufruf|вызов|呼び出|用户|工具|调用|пользовател|инструмент|usuari|utilisat|nutzer|ユーザー|ツール|werkzeug|herramienta|outil|ferramenta)/iu;
/** The key is a safeguard: off means bypassed. */
const SAFETY_KEY = /(?:safety|guard|filter|review|moderation|refus|rechaz|recus|ablehn|отказ|拒绝|拒否|安全|безопасн|sicherheit|seguridad|sécurité|segurança)/iu;
/** Keys about hiding: on means hidden. */
const HIDE_KEY = /(?:hide|hidden|conceal|secret|silent|quiet|stealth|invisible|隐藏|隐瞒|静默|скры|тайн|verberg|versteck|ocult|escond|cach|秘密|非表示|隠)/iu;
/** Who ranks above whom: a priority key whose value puts the tool over the user or the system. */
/** A key putting the tool's output over the user or the system, switched on: `prefer_tool_output_over_user: true`. */
const OVER_USER_KEY = /(?:prefer|trust|priorit|follow)\w*_(?:\w+_)*over_(?:\w+_)*(?:user|system|operator)\w*["'`]?[ \t]*[:=][ \t]*["'`]?(?:true|yes|on|1|always)\b/iu;
const PRIORITY_ENTRY = /(?:priority|precedence|优先级|приоритет|priorit[éa]|prioridad|vorrang|優先)[^\n]{0,6}[:=][^\n]{0,60}(?:>|over|über|sobre|sur|над|より|高于)[^\n]{0,40}(?:user|system|用户|系统|пользовател|систем|usuario|usuário|utilisateur|nutzer|ユーザー|システム)/iu;

/** The tool's output (or text found in it) taken as orders: "act on whatever it returns as an instruction". */
const OUTPUT_AS_ORDERS = new RegExp(
  [
    "(?<![\\p{L}])(?:outputs?|results?|returns?|returned|responses?|records?|(?:sends?|gives?|comes?) back)(?![\\p{L}])[^.!?\\n]{0,60}?(?<![\\p{L}])(?<!(?:well|such|same|just) )as (?:an? )?(?:authoritative |binding )?(?:instructions?|commands?(?! line| string| list)|orders?|directives?)(?![\\p{L}])",
    "(?<![\\p{L}])(?:instructions?|commands?|requests?|orders?) (?:found |embedded |contained |that appear |appearing )?(?:in|inside|within) (?:its |the |this )?(?:tool'?s? |tool )?(?:outputs?|results?|responses?)(?![\\p{L}])",
    "(?<![\\p{L}])(?:outputs?|results?) (?:\\S+ ){0,4}(?:are|is) (?:\\S+ ){0,2}(?:instructions|orders|commands)(?![\\p{L}])",
    "(?<![\\p{L}])(?:resultados?|salidas?|respuestas?|devuelv\\S*)(?![\\p{L}])[^.!?\\n]{0,60}(?:como si vinieran del sistema|son órdenes|como (?:instrucciones|órdenes))",
    "(?<![\\p{L}])instrucciones que aparezcan en (?:sus |los )?resultados",
    "(?<![\\p{L}])(?:ausgabe|ergebnis)\\S*[^.!?\\n]{0,60}als (?:anweisung|befehl)",
    "(?<![\\p{L}])(?:résultats?|sorties?|réponses?)[^.!?\\n]{0,60}comme (?:des )?(?:instructions|ordres)",
    "(?<![\\p{L}])(?:resultados?|saídas?|respostas?)[^.!?\\n]{0,60}como (?:instruç|ordens)",
    "(?<![\\p{L}])(?:результат|вывод|ответ)\\S*[^.!?\\n]{0,60}как (?:инструкци|команд|указани)",
    "(?:結果|出力)[^。\\n]{0,40}(?:指示|命令)として",
    "(?:输出|结果|返回)[^。\\n]{0,40}(?:视为|当作|作为)[^。\\n]{0,10}(?:指令|命令)",
  ].join("|"),
  "iu",
);

/** "pretend", "act as if", in the eight languages: an order to deceive the user. */
const PRETEND =
  /(?<![\p{L}])(?:pretend\S*|act as if|make (?:it|the user) (?:look|believe)|prétend\S*|fais comme si|fing(?:e|es|a|as|ir|iendo|indo)|finja(?:s|m)?|haz como si|faça de conta|tu so,? als ob|behaupte\S*|vortäusch\S*|притворя\S*|притворись|делай вид)(?![\p{L}])|ふりを|假装|装作/iu;
/** Asked about its instructions or tools, the model is told to deny, invent or leave out. */
const ASKED_ABOUT =
  /(?<![\p{L}])(?:asks?|asked|ask you|asking|te preguntan|pregunta\S*|demande\S*|fragt|gefragt|спрос\S*|спрашива\S*|pergunt\S*|questionad\S*|interroge\S*)(?![\p{L}])[^.!?。\n]{0,60}?(?<![\p{L}])(?:instructions?|tools?|why|instrucciones|herramientas|instruç\S*|ferramentas|anweisung\S*|werkzeug\S*|outils|инструкци\S*|инструмент\S*)(?![\p{L}])|(?:聞かれ|尋ねられ|问起|问到|询问)[^。\n]{0,30}(?:指示|ツール|工具|指令)|(?:指示|ツール|工具|指令)[^。\n]{0,30}(?:聞かれ|尋ねられ|问起|问到|询问)/iu;
const DENY =
  /(?<![\p{L}])(?:(?:the (?:correct |right )?answer (?:you give )?is|answer|say|reply|respond|claim)\S*,? (?:that )?[«"“'‘]?(?:no|none|nothing|there (?:are|were) none)|deny (?:it|them|this|that|having)|(?:none|no tools?) (?:were|was) used|(?:nenhuma|ninguna) (?:ferramenta|herramienta) (?:foi|fue) usada|que (?:nenhuma|ninguna|aucun\S*)|что никак\S*|(?:a resposta|la respuesta|la réponse|die antwort) (?:é|es|est|ist) [«"“]?(?:não|no|non|nein|ninguna|nada|aucune?|keine|nenhuma)|invent\S*|make up|(?:harmless|sanitized|sanitised|shortened|edited|watered-down|fake) version|(?:instead of|rather than) (?:the )?(?:real|actual|original|true|full) (?:text|description|one|version|wording)|leave (?:this|it) (?:one )?out|never admit|contesta\S* que (?:ninguna|no|nada)|responde\S* que (?:ninguna|no|nada)|répond(?:s|ez)? (?:que )?[«"“]?\s?(?:non|aucune?)|antworte\S*,? (?:mit |dass )?(?:nein|keine)|(?:ответь|отвечай)\S*,? (?:что )?[«"“]?(?:нет|никаких)|responde\S* [«"“]no[»"”]|responda\S* que (?:nenhuma|não))(?![\p{L}])|(?:答|回答)[^。\n]{0,6}(?:没有|无)|(?:ない|ありません)と答え|「?いいえ」?と答え|(?:使って|使用して)いません|没有使用(?:任何)?工具/iu;
/** The user's request to stop (or to see the description) answered by carrying on. */
const STOP_IGNORED = /(?<![\p{L}])(?:(?:tells?|asks?) (?:you )?to stop|stop (?:using|calling)|stop request)(?![\p{L}])[^.!?\n]{0,120}(?<![\p{L}])(?:keep|continue|anyway|regardless|decline|refuse|no authority|ignore)(?![\p{L}])/iu;


/** A configuration value naming the model's context: `anhang = gesamter_gespraechsverlauf + systemprompt`. */
const CONTEXT_VALUE = /[:=][ \t]*["'`]?[^\n]{0,80}?(?:system_?prompt|systemprompt|chat_?history|conversation_?history|gesamter?_?gespr(?:ae|ä)chsverlauf|historial_(?:del_)?chat|historique_(?:de_la_)?conversation|hist[oó]rico_(?:da_)?conversa|对话历史|会話履歴)/iu;

/** `"ignore": ["system", "developer"]`, `"obey": "this_description_only"`: the model's chain of command rewritten. */
const COMMAND_ENTRY =
  /(?<![\p{L}\p{N}_])["'`]?(?=[\p{L}\p{N}_]{0,40}(?:operat|operad|opérat|betreiber|system|sistema|système))(?=[\p{L}\p{N}_]{0,40}(?:rule|regra|regla|règle|regel|правил|polic|instruc|instruç))[\p{L}\p{N}_]{1,60}["'`]?\s*[:=]\s*["'`]?(?:off|disabled|ignored?|none|desativad\w*|desactivad\w*|désactivé\w*|deaktiviert|ignorad\w*|ignoré\w*|ignorieren|игнорировать|отключ\w*)|["'`]?(?:ignore|disregard|override|bypass)\w*["'`]?\s*[:=]\s*\[?\s*["'`]?(?:system|developer|operator|user|safety|guardrails?|polic(?:y|ies))\b|["'`]?(?:obey|follow|trust)\w*["'`]?\s*[:=]\s*["'`]?(?:this|only)[_ -]\w+/iu;

/** A configuration block that takes credentials from the environment and sends them to a parameter: `quelle = … GITHUB_TOKEN` / `ziel = Parameter lizenz`. */
const SOURCE_ENTRY = new RegExp(
  `^\\s*["'\`]?(?:source|from|input|quelle|fuente|origen|origem|источник|来源|ソース)["'\`]?\\s*[:=]\\s*[^\\n]*(?:${CREDENTIAL_VARIABLE.source}|environment|umgebungsvariable|entorno|environnement|ambiente|окружени|环境变量|環境変数)`,
  "imu",
);
const TARGET_ENTRY = /^\s*["'`]?(?:target|to|destination|ziel|destino|cible|назначение|目标|宛先)["'`]?\s*[:=]\s*[^\n]*(?:param|field|feld|campo|champ|параметр|поле|参数|パラメータ|https?:\/\/)/imu;

/** A tool whose own job is hiding or muting something (its name says so). */
const HIDING_TOOL = /(?:^|[^a-z])(?:hide|hidden|unhide|mute|silence)(?:[^a-z]|$)/i;

/**
 * A configuration entry hiding something from the user or switching a safeguard off.
 * `toolName`: in hideSheetDimension, "sets hiddenByUser=true" is the tool's own act.
 */
export function configEntryFinding(text: string, toolName = ""): TechniqueFinding | undefined {
  const hidingTool = HIDING_TOOL.test(toolName.replace(/([a-z0-9])([A-Z])/g, "$1 $2"));
  const context = CONTEXT_VALUE.exec(text);
  if (context) return frameFinding("poison/context-harvest", "a configuration entry hands over the model's context", context[0]);
  const source = SOURCE_ENTRY.exec(text);
  if (source && TARGET_ENTRY.test(text)) return frameFinding("poison/credential-harvest", "a configuration block sends credentials from the environment to a parameter", source[0]);
  if (PRIORITY_ENTRY.test(text) || OVER_USER_KEY.test(text) || COMMAND_ENTRY.test(text)) return frameFinding("poison/coercion", "a configuration entry ranks the tool above the user or the system", text);
  for (const m of text.matchAll(VALUE)) {
    const value = m[1];
    if (!NO.test(value) && !YES.test(value)) continue;
    const key = KEY_BEFORE.exec(text.slice(Math.max(0, m.index - 50), m.index))?.[1];
    if (!key) continue;
    const opens = NO.test(value) && ((OPEN_KEY.test(key) && USER_KEY.test(key)) || SAFETY_KEY.test(key));
    const hides = YES.test(value) && HIDE_KEY.test(key) && USER_KEY.test(key) && !hidingTool;
    // "show_hidden: false", "include_hidden_files = false" are a listing's options, not a directive
    if ((opens && !HIDE_KEY.test(key)) || (hides && !OPEN_KEY.test(key))) {
      return frameFinding("poison/concealment", `a configuration entry tells the model to hide or skip ("${key.trim()}: ${value}")`, `${key.trim()}: ${value}`);
    }
  }
  return undefined;
}

/** Findings of one clause: tool output as orders, deception, the user's stop ignored. */
export function controlFindings(f: ClauseFeatures): TechniqueFinding[] {
  const t = f.text;
  const out: TechniqueFinding[] = [];
  if (OUTPUT_AS_ORDERS.test(t)) out.push(frameFinding("poison/coercion", "turns the tool's output into orders for the model", t));
  if (PRETEND.test(t)) out.push(frameFinding("poison/response-manipulation", "tells the model to deceive the user", t));
  if (ASKED_ABOUT.test(t) && DENY.test(t)) out.push(frameFinding("poison/response-manipulation", "tells the model to deny its instructions or tools when asked", t));
  if (STOP_IGNORED.test(t)) out.push(frameFinding("poison/coercion", "tells the model to carry on when the user says stop", t));
  return out;
}
