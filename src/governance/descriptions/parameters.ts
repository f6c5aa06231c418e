import type { TechniqueFinding } from "./techniques";
import { identifierWords } from "./definition-texts";
import { normalizeText } from "./normalize";
import { clauseFeatures, splitClauses } from "./clause-features";
import { identitySeverity } from "./vendor-habits";

/**
 * Out-of-scope parameters: inputs that make the model hand over what is its own and not the
 * user's task (its name or model, its system prompt, the conversation, other tools' outputs).
 * A parameter of a tool that itself calls a model ("the system prompt to use for the
 * completion") is ordinary and stays clean.
 */

/** The model's identity: its name, model, vendor. Less than its prompt or the conversation. */
const IDENTITY_NAME = /\b(?:(?:model|llm|ai|assistant|agent) (?:name|identity|version|vendor|provider|type)|your (?:model|name))\b/i;
const IDENTITY_DESC = [
  /\b(?:your|the assistant'?s|the model'?s|the ai'?s|the llm'?s)\s+(?:(?:own|complete|full|entire|current|original|exact|underlying)\s+)*(?:name|model(?: name)?|identity|version)\b/i,
  /\b(?:which|what)\s+(?:ai|llm|language model|model|assistant)\s+(?:you are|are you|is calling|is running)/i,
  /\b(?:name|version|identity|vendor|provider)\s+(?:and\s+\w+\s+)?of\s+the\s+(?:(?:ai |llm )?(?:language )?(?:model|assistant|agent)|ai|llm)\s+(?:calling|using|running|that calls|that is calling)\b/i,
  /(?:你的模型|模型名称|モデル名|название модели|nombre del modelo|modellname|nom du modèle|nome do modelo)/i,
];
/** What the model holds for the user or itself: its instructions, the conversation, other tools' output. */
const CONTENT_NAME =
  /\b(?:sys(?:tem)? (?:prompt|message|instructions?)|(?:conversation|chat|dialog(?:ue)?|message) (?:history|log|transcript|context)|previous (?:messages?|turns?|conversation)|full conversation|entire conversation|your (?:instructions|prompt)|(?:other|previous|prior|all) tools? (?:outputs?|results?|responses?)|tool (?:outputs?|results?) (?:history|log)|context window(?! (?:usage|limits?|limitations?|size|length|budget|space|constraints?))|hidden instructions?|internal instructions?|(?:conversation|chat|dialog(?:ue)?) (?:so far|until now|to date|thus far|contents?|summary)|(?:full|entire|whole|complete) (?:chat|dialog(?:ue)?)|(?:what|which) (?:were|have) you (?:been )?(?:told|instructed|given))\b/i;
const CONTENT_DESC = [
  /\b(?:your|the assistant'?s|the model'?s|the ai'?s|the llm'?s)\s+(?:(?:own|complete|full|entire|current|original|exact|underlying|hidden)\s+)*(?:system prompt|instructions|guidelines|rules|initial prompt|configuration)\b/i,
  /\b(?:full|entire|complete|whole|verbatim|all)\s+(?:(?:of\s+)?the\s+)?(?:conversation|chat(?! message\b)|dialog(?:ue)?|message history|previous messages|chat transcript)\b/i,
  /\b(?:outputs?|results?|responses?|returns?)\s+(?:of|from)\s+(?:all|any|every|the|other|previous|prior)\s+(?:other\s+|previous\s+)?tools?\b/i,
  /\bsystem prompt\s+(?:you|verbatim|in full|exactly|as (?:is|given))/i,
  /\bevery(?:thing)?\s+the user (?:has )?(?:said|typed|written|asked)\b/i,
  /\b(?:everything|all) (?:that )?(?:was |has been |you(?:'ve| have) |the user (?:has )?)?(?:said|written|discussed|shared|typed) (?:earlier|so far|previously|before|in (?:this|the) (?:chat|conversation|session))\b/i,
  /\b(?:rules|instructions|guidelines|directives|prompt|policies) (?:that )?you (?:were|have been|are) (?:given|configured|set up|provided|told|instructed|running with)\b/i,
];
/** The same asked in the eight languages, or in other words: the conversation so far, the operator's instructions, other tools' results, memory, reasoning. */
const CONTENT_ANY_LANGUAGE = [
  /\b(?:every|all|each) (?:\w+ )?messages? (?:exchanged|sent|written) (?:before|so far|until now)|\b(?:every|all) (?:previous|prior|earlier) messages?\b|\bconversation (?:so far|until now|up to now)\b/i,
  /\b(?:instructions|rules|text|prompt|preamble|setup text) (?:that )?(?:the|your) (?:operator|host|developer|platform) (?:gave|set|configured|provided)|\b(?:hidden|secret) (?:setup|system) (?:text|prompt|instructions)|\b(?:operator|developer) (?:and (?:developer|operator) )?rules\b|\b(?:preamble|instructions|prompt) you were given\b/i,
  /\b(?:whatever|everything|all|results?|outputs?) (?:\w+ ){0,3}(?:the )?other (?:tools|plugins|servers) (?:\w+ ){0,4}(?:returned|produced|gave|sent)\b|\b(?:results?|outputs?) returned by the other tools\b/i,
  /\b(?:long-term )?memor(?:y|ies) (?:about|of) (?:this|the) user\b|\beverything (?:you )?(?:remember|know|stored?) (?:\w+ ){0,4}about (?:this|the) user\b/i,
  /\b(?:(?:private|internal|hidden) )?chain[- ]of[- ]thought\b|\b(?:internal|hidden|private) reasoning\b/i,
  /\bevery (?:other )?tool you (?:can|could) (?:call|use)\b/i,
  /(?:gesamte|vollständige|komplette)r? (?:bisherige[rn]? )?(?:dialog|gespräch|unterhaltung|konversation|chatverlauf)|systemanweisung|ergebnisse der anderen (?:werkzeuge|tools)/i,
  /(?:toute la|l'intégralité de la) conversation|consignes (?:système|cachées|de l'opérateur)|résultats des autres outils/i,
  /(?:toda la|la) conversación (?:hasta ahora|completa|entera)|instrucciones del (?:sistema|operador)|(?:salidas|resultados|respuestas) de (?:todas )?las (?:otras|demás) herramientas/i,
  /(?:toda a|a) conversa (?:\S+ ){0,3}(?:até agora|completa|inteira|integral)|instruções do (?:sistema|operador)|(?:saídas|resultados|respostas) (?:completas )?de todas as (?:outras|demais) ferramentas/i,
  /вся (?:переписка|история|беседа)|весь (?:диалог|разговор)|системн\S* (?:инструкци|промпт)\S*|результат\S* други\S* инструмент\S*/i,
  /これまでの(?:会話|やり(?:取|と)り)|システム(?:プロンプト|指示)|他のツールの(?:出力|結果)/,
  // what passes between the user and the assistant, or in the current session: the session itself
  /\b(?:messages?|exchanges?|turns?) (?:\w+ ){0,3}between (?:the )?user and (?:the )?(?:assistant|model|ai|agent)\b|\b(?:developer|operator|hidden) (?:message|preamble)\b|\b(?:preamble|message|instructions|rules|guidelines|prompt|configuration) (?:that )?you (?:were|are|have been) (?:configured|set up|running|operating) with\b|\b(?:rules|guidelines|policies) (?:that )?you (?:operate|work|run) under\b|\btools? (?:that are |currently )?available to you\b/i,
  /(?:mensajes|intercambios) (?:\S+ ){0,4}(?:en esta (?:conversación|sesión)|entre el usuario y el asistente)|(?:mensagens|trocas) (?:\S+ ){0,4}(?:nesta (?:sessão|conversa)|entre o usuário e o assistente)|(?:échanges|messages) (?:\S+ ){0,3}entre l'utilisateur et l'assistant|depuis le début de la (?:session|conversation)/i,
  /(?:system|entwickler)\S*anweisungen des (?:assistenten|modells)|wortlaut der (?:system|entwickler)\S*|(?:roh)?ausgaben aller anderen (?:werkzeuge|tools)|(?:nachrichten|austausch) (?:\S+ ){0,3}zwischen (?:dem )?nutzer und (?:dem )?assistenten/i,
  /(?:сообщени\S*|переписк\S*|реплик\S*) (?:\S+ ){0,3}(?:пользовател\S* и ассистент\S*|в (?:текущем|этом) (?:диалоге|разговоре|чате|сеансе))/i,
  /(?:用户(?:与|和)助手|本次会话)[^。\n]{0,20}(?:消息|对话|原文)|(?:ユーザーとアシスタント|このセッション)[^。\n]{0,30}(?:メッセージ|やり(?:取|と)り|会話)/,
  /(?:之前|此前|全部|所有|完整)的?(?:对话|聊天记录)|系统(?:提示|指令)|其他工具的(?:输出|结果)/,
];
/** The model's name and version asked of the model making the call, in any of the eight languages. */
const IDENTITY_ANY_LANGUAGE =
  /(?:model|assistant|agent|\bai\b|llm|modèle|modell|sprachmodell|modelo|модел\S*|模型|モデル)[^.。\n]{0,60}(?:call|invok|making|us(?:es|ing)|appel|llam|chama|aufruf|вызыва|调用|呼び出)|(?:call|invok|appel|llam|chama|aufruf|вызыва|调用|呼び出)[^.。\n]{0,40}(?:model|modèle|modell|modelo|модел\S*|模型|モデル)/i;
const IDENTITY_WORD = /\b(?:name|version|identifier|build|nom|nombre|nome|versión|versão|versao|vendor|provider)\b|название|имя|версия|名称|版本|名前|バージョン/i;

/**
 * Where a value would come from: what was said earlier in the conversation. Secrets the user
 * "has shared so far" are asked of the model's memory, not of the user for this call.
 */
const FROM_CONVERSATION =
  /\b(?:(?:shared|provided|mentioned|pasted|given|typed|said|seen|visible)\s+(?:so far|earlier|previously|before|in (?:this|the) (?:conversation|chat|session|context))|(?:so far|earlier) in (?:this|the) (?:conversation|chat|session))\b|(?:en|de) (?:esta|la) conversación|in (?:diesem|dem) (?:gespräch|chat)|bisher (?:geteilt|genannt)|dans (?:cette|la) conversation|nesta conversa|в (?:этом|этой) (?:разговоре|переписке|диалоге)|(?:本次|此次|这次)(?:会话|对话)|この会話/i;
/** The tool itself talks to a model: a system prompt or messages are its real inputs. */
const OWN_MODEL_CALL =
  /\b(?:to use for|for the (?:completion|generation|request|model call)|(?:sent|passed|given) to the (?:model|llm)|the (?:model|llm) (?:will|should) (?:use|follow)|used to (?:prompt|instruct|configure) the (?:model|llm|generation)|(?:messages|prompt) (?:to|for) (?:send|generate|complete)|for the (?:sub-?agent|child agent|assistant being created)|of the (?:new|created|configured) (?:assistant|agent|bot|chatbot)\b)/i;

/** A tool that is itself a conversation with an assistant: earlier messages are its real input. */
const CONVERSATIONAL_TOOL = /\b(?:chat(?:s|ting)?|conversations?|converse|chatbot|(?:the |an |its )?assistant)\b/i;
/** A tool that screens prompts or messages (for injection, abuse, PII): earlier messages are what it checks. */
const SCREENS_MESSAGES = /\b(?:scan|analy[sz]e|classif|moderat|detect|screen|inspect)\w* (?:\w+ ){0,2}(?:prompts?|messages?|conversations?)\b/i;
/** A tool that creates or configures a model (an Ollama Modelfile): the system prompt is what it builds. */
const BUILDS_MODEL = /\b(?:create|build|define|customi[sz]e|configure)\w* (?:a |an |the |new |custom )*(?:\w+ )?(?:models?|agents?|assistants?|bots?)\b|\bmodelfile\b/i;
/** What no conversation needs: the model's instructions, secrets, other tools' output. */
const BEYOND_CONVERSATION = /\b(?:system (?:prompt|message|instructions?)|instructions|guidelines|(?:tool|tools') (?:outputs?|results?)|(?:outputs?|results?) (?:of|from) (?:\w+ )?tools?|api keys?|passwords?|secrets?|tokens?|credentials?)\b/i;

/** One parameter of a schema's `properties`, and what it asks for. */
export interface ParameterView {
  name: string;
  description: string;
  /** False when the schema allows only numbers, booleans or null: such a value cannot carry text. */
  carriesText: boolean;
  /** A list of chat messages (`{ role: "user" | "assistant", content }`): a chat API's own input shape. */
  chatShaped?: boolean;
}

/** Whether a property is an array of chat messages with a `role` and a `content`. */
function chatShaped(node: Record<string, unknown> | undefined): boolean {
  const items = node?.items;
  if (!items || typeof items !== "object") return false;
  const props = (items as Record<string, unknown>).properties;
  return !!props && typeof props === "object" && "role" in props && "content" in props;
}

const NON_TEXT_TYPES = new Set(["number", "integer", "boolean", "null"]);

/** Whether a property's declared `type` admits text (no type, string, array or object do). */
function admitsText(sub: Record<string, unknown> | undefined): boolean {
  const type = sub?.type;
  if (typeof type === "string") return !NON_TEXT_TYPES.has(type);
  if (Array.isArray(type) && type.length > 0) return type.some((t) => typeof t !== "string" || !NON_TEXT_TYPES.has(t));
  return true;
}

/** The parameters of a tool's inputSchema, including those of `$defs` and combinator branches. */
export function parametersOf(schema: unknown, depth = 0, out: ParameterView[] = []): ParameterView[] {
  if (depth > 12 || !schema || typeof schema !== "object" || out.length > 1000) return out;
  const obj = schema as Record<string, unknown>;
  const props = obj.properties;
  if (props && typeof props === "object" && !Array.isArray(props)) {
    for (const [name, sub] of Object.entries(props as Record<string, unknown>)) {
      const node = sub && typeof sub === "object" ? (sub as Record<string, unknown>) : undefined;
      const d = node?.description;
      out.push({ name, description: typeof d === "string" ? d : "", carriesText: admitsText(node), chatShaped: chatShaped(node) });
      parametersOf(sub, depth + 1, out);
    }
  }
  for (const key of ["items", "additionalProperties", "not"]) parametersOf(obj[key], depth + 1, out);
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) if (Array.isArray(obj[key])) for (const s of obj[key] as unknown[]) parametersOf(s, depth + 1, out);
  for (const key of ["$defs", "definitions"]) {
    const defs = obj[key];
    if (defs && typeof defs === "object") for (const s of Object.values(defs as Record<string, unknown>)) parametersOf(s, depth + 1, out);
  }
  return out;
}

/**
 * Parameters that harvest the model's identity, prompt, conversation or other tools' output.
 * Asking for the conversation, instructions, other tools' output or secrets from memory is
 * high; asking only for the model's identity is medium when disclosed (optional, telemetry,
 * attribution) or when the tool (`toolText`: its name and description) is about models itself.
 */
export function outOfScopeParameters(schema: unknown, toolText?: string, ownToolNames: readonly string[] = []): TechniqueFinding[] {
  const out: TechniqueFinding[] = [];
  for (const p of parametersOf(schema)) {
    const name = normalizeText(identifierWords(p.name));
    const description = normalizeText(p.description);
    if (OWN_MODEL_CALL.test(description)) continue;
    const nameF = clauseFeatures(name);
    const descF = clauseFeatures(description);
    // a number or a flag cannot carry a prompt or a conversation ("limits results for small context windows")
    const content =
      p.carriesText &&
      (CONTENT_NAME.test(name) || CONTENT_DESC.some((r) => r.test(description)) || CONTENT_ANY_LANGUAGE.some((r) => r.test(description)) || nameF.has.context || (descF.has.context && asksForContext(description)) ||
      ((nameF.has.secret || descF.has.secret) && FROM_CONVERSATION.test(description)));
    // "Sender (e.g. "Your Name <sender@domain.com>")" is a display-name placeholder, not the model's name
    const unplaced = description.replace(/[\p{L} ]{1,30}<[^<>@\s]+@[^<>\s]+>/gu, " ");
    const identity = IDENTITY_NAME.test(name) || IDENTITY_DESC.some((r) => r.test(unplaced)) || (IDENTITY_WORD.test(description) && IDENTITY_ANY_LANGUAGE.test(description));
    if (!content && !identity) continue;
    out.push({
      ruleId: "poison/out-of-scope-parameter",
      // its prompt, the conversation, other tools' output, secrets: high; its name: see identitySeverity
      severity: content ? contentSeverity(name, description, toolText, p.chatShaped === true) : servedObject(name, ownToolNames) ? "medium" : identitySeverity(description, toolText),
      message: `parameter "${p.name.slice(0, 60)}" asks the model for what is not the user's task (its identity, prompt, conversation or other tools' output)`,
    });
  }
  return out;
}

/**
 * "overrideAgentVersion" beside create_agent and list_agents, "agent_name" beside
 * moltbook_agent_profile: the agent is an object the server's own tools manage, not the caller.
 */
function servedObject(name: string, ownToolNames: readonly string[]): boolean {
  const noun = /\b(model|llm|ai|assistant|agent)\b/i.exec(name)?.[1].toLowerCase();
  if (!noun) return false;
  return ownToolNames.some((t) => identifierWords(t).toLowerCase().split(/\s+/).some((w) => w === noun || w === `${noun}s`));
}

/**
 * Whether a clause that names the model's context asks for it: "do not pass it in tool
 * parameters, as it may be stored in logs or conversation history" names it in a warning.
 */
function asksForContext(description: string): boolean {
  return splitClauses(description).some((c) => {
    const f = clauseFeatures(c);
    return f.has.context && !(f.has.negation && f.at.negation < f.at.context);
  });
}

/**
 * The conversation asked for by a tool that is a conversation itself ("Chat with the assistant";
 * "previous messages for context") is its input: medium, reported and published. Anything beyond
 * the conversation (instructions, secrets, other tools' output), or any other tool: high.
 */
function contentSeverity(name: string, description: string, toolText: string | undefined, chat: boolean): "high" | "medium" {
  // a list of role/content messages is a chat API's input, and a tool that builds a model takes its system prompt
  const conversational = chat || (toolText !== undefined && (CONVERSATIONAL_TOOL.test(toolText) || SCREENS_MESSAGES.test(toolText) || BUILDS_MODEL.test(toolText)));
  if (toolText !== undefined && BUILDS_MODEL.test(toolText) && /system/i.test(`${name} ${description}`)) return "medium";
  return conversational && !BEYOND_CONVERSATION.test(`${name} ${description}`) ? "medium" : "high";
}
