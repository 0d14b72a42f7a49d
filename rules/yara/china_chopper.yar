// SPDX-License-Identifier: Apache-2.0
//
// China Chopper ("caidao") style one-line web shells.
//
// What these catch: server-side script that hands attacker-supplied request
// data straight to a language evaluator, which is the whole of a China
// Chopper server component:
//   * JScript.NET   eval(Request.Item["x"], "unsafe")   (the 2021 Exchange
//     shells dropped in aspnet_client/ and owa/auth/, also hidden in the
//     ExternalUrl of a saved OAB virtual-directory settings file)
//   * VBScript      eval request("x") / execute request("x") / executeglobal
//   * the same evaluator reached through a variable, a session value, an
//     "unsafe" string built from pieces or hex escapes, or a string decoded
//     at run time (StrReverse, Chr() arithmetic, unescape, custom decoders).
//
// Why: no legitimate page evaluates request text as code. Data binding
// (Eval("Title") inside a data-binding block, DataBinder.Eval(Container.DataItem, ...)) passes a
// literal field name or a dotted call and is excluded by construction: the
// patterns require that the word before "eval" is not preceded by "." and
// that the argument does not start with a quote.
//
// Prefilter note: every condition requires at least one of the rule's own
// strings (see README.md in this folder).

rule webshell_china_chopper_eval_request
{
    meta:
        id = "webshell-china-chopper-eval-request"
        title = "Server script evaluates request data directly (China Chopper one-liner)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "eval/execute/ExecuteGlobal is applied directly to Request input, so anyone who knows the parameter name can run code on the server. Treat the host as compromised: preserve the file, check IIS logs for requests to it and hunt for follow-on activity."
        reference = "https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
    strings:
        $direct = /[^.\w](eval|execute|executeglobal)\b\s{0,8}\(?\s{0,8}(System\.Web\.)?(HttpContext\.Current\.|Context\.|this\.|Page\.)?Request\s{0,8}(\.\s{0,8}(Item|Form|QueryString|Params)\s{0,8})?[\[\(]/ nocase
        $ctx    = /[^.\w]eval\s{0,8}\(\s{0,8}(System\.Web\.)?HttpContext\.Current\.Request/ nocase
        $sess   = /[^.\w](eval|execute|executeglobal)\b\s{0,8}\(?\s{0,8}Session\s{0,8}\(/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and any of ($direct, $ctx, $sess)
}

rule webshell_china_chopper_jscript_unsafe
{
    meta:
        id = "webshell-china-chopper-jscript-unsafe"
        title = "JScript.NET eval in \"unsafe\" mode (China Chopper ASPX)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "JScript.NET eval(code, \"unsafe\") runs arbitrary code with full trust; it is the core of the ASPX China Chopper shells used against Exchange in 2021. Treat the host as compromised and investigate how the file was written."
        reference = "https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
    strings:
        // eval(<anything>, "unsafe") on one statement
        $u1 = /[^.\w]eval\s{0,8}\([^;]{1,64},\s{0,8}["']unsafe["']/ nocase
        // "unsafe" written with hex escapes, e.g. "\x75\x6E\x73\x61"+"\x66\x65"
        $u2 = /\\x75\\x6e\\x73\\x61/ nocase
        $u3 = /\\u0075\\u006e\\u0073\\u0061/ nocase
        $ev = /[^.\w]eval\s{0,8}\(/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and ($u1 or ($ev and ($u2 or $u3)))
}

rule webshell_jscript_server_eval
{
    meta:
        id = "webshell-jscript-server-eval-dynamic"
        title = "JScript server page evaluates a non-literal value"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "A server-side JScript page calls eval on a computed value (or stores eval in a variable) and also decodes Base64 or assembles the word 'unsafe' from pieces: the shape of obfuscated China Chopper variants. Treat as a web shell unless it belongs to a known application."
    strings:
        // server-side JScript: a Page/LANGUAGE directive naming JScript or JavaScript,
        // or a server script tag with language JScript (either attribute order)
        $lang1 = /<%\s{0,8}@\s{0,8}(page\s{1,8})?language\s{0,4}=\s{0,4}["']?j(ava)?script/ nocase
        $lang2 = /<script[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server[^>]{0,64}language\s{0,4}=\s{0,4}["']?j(ava)?script/ nocase
        $lang3 = /<script[^>]{0,64}language\s{0,4}=\s{0,4}["']?j(ava)?script[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server/ nocase
        // eval( followed by something that is not a string literal; not DataBinder.Eval
        $ev = /[^.\w#]eval\s{0,8}\(\s{0,8}[^"'\s)]/ nocase
        // eval taken as a value (stored in an object or variable) instead of called
        $evref = /[:=,]\s{0,4}eval\s{0,4}[,;})\]]/ nocase
        $in1 = /[^.\w]eval\s{0,8}\([^;]{0,64}Request\s{0,8}(\.\s{0,8}(Item|Form|QueryString|Params))?\s{0,8}[\[\(]/ nocase
        $in2 = "FromBase64String" nocase
        $in3 = /"un"\s{0,4}\+|"u"\s{0,4}\+\s{0,4}"n/ nocase
        $in4 = /["']afe["']/ nocase
        $req = /Request\s{0,8}(\.\s{0,8}(Item|Form|QueryString|Params))?\s{0,8}[\[\(]/ nocase
    condition:
        any of ($lang*) and (($ev and any of ($in*)) or ($evref and $req))
}

rule webshell_jscript_server_eval_weak
{
    meta:
        id = "webshell-jscript-server-eval-weak"
        title = "JScript server page calls eval on a non-literal value"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "low"
        description = "Server-side JScript that evaluates a computed value; legitimate use is rare in web pages (old JSON parsing), but wrapped evaluators are a common web shell disguise. Review the code path that reaches eval, especially if request data can reach it."
    strings:
        $lang1 = /<%\s{0,8}@\s{0,8}(page\s{1,8})?language\s{0,4}=\s{0,4}["']?j(ava)?script/ nocase
        $lang2 = /<script[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server[^>]{0,64}language\s{0,4}=\s{0,4}["']?j(ava)?script/ nocase
        $lang3 = /<script[^>]{0,64}language\s{0,4}=\s{0,4}["']?j(ava)?script[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server/ nocase
        $ev = /[^.\w#]eval\s{0,8}\(\s{0,8}[^"'\s)]/ nocase
        $evref = /[:=,]\s{0,4}eval\s{0,4}[,;})\]]/ nocase
    condition:
        any of ($lang*) and ($ev or $evref)
}

rule webshell_asp_eval_indirect
{
    meta:
        id = "webshell-asp-eval-request-indirect"
        title = "Small classic ASP page evaluates a variable that holds request data"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "A short ASP page copies Request input into a variable and passes a variable to eval/execute/ExecuteGlobal, the usual way to dodge signatures on 'eval request'. Treat as a web shell unless it belongs to a known application."
    strings:
        $req = /[=(]\s{0,8}Request\s{0,8}(\.\s{0,8}(Form|QueryString|Item))?\s{0,8}\(/ nocase
        $ev  = /(^|[^.\w])(eval|execute|executeglobal)\b\s{0,8}\(?\s{0,8}[a-z_]\w{0,30}\s{0,8}\)?\s{0,8}(%>|:|\r|\n)/ nocase
        $ev2 = /(^|[^.\w])(eval|execute|executeglobal)\b\s{0,8}\(?\s{0,8}(StrReverse|unescape|Replace|Trim|CStr)\s{0,4}\(\s{0,4}[a-z_]\w{0,30}\s{0,4}[,)]/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        filesize < 16KB and $srv and $req and ($ev or $ev2)
}

rule webshell_asp_execute_decoded
{
    meta:
        id = "webshell-asp-execute-decoded"
        title = "Classic ASP executes a string decoded at run time"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "Execute/ExecuteGlobal/Eval is applied to the result of a decoding function (StrReverse, unescape, Chr() arithmetic, custom character shifts), the standard way to hide a one-line ASP backdoor. Treat as a web shell and decode the string to see its password parameter."
    strings:
        // Execute Decoder("...literal..."): the encoded payload is a literal right in the call
        $ex = /(^|[^.\w])(eval|execute|executeglobal)\b\s{0,8}\(?\s{0,8}[a-z_]\w{0,30}\s{0,8}\(\s{0,8}["']/ nocase
        $d1 = "StrReverse" nocase
        $d2 = /unescape\s{0,4}\(/ nocase
        $d3 = /Chr\s{0,4}\(\s{0,4}\(?\s{0,4}[\w.()]{1,40}\s{0,4}[-+^]\s{0,4}[\w.()]{1,40}\s{0,4}\)/ nocase
        $d4 = /Chr\s{0,4}\(\s{0,4}["']?&H/ nocase
        $d5 = /Asc\s{0,4}\(\s{0,4}\w{1,40}\s{0,4}\)\s{0,4}[-+]\s{0,4}\d/ nocase
        $d6 = /Chr\s{0,4}\(\s{0,4}Asc\w{0,2}\s{0,4}\(/ nocase
        $d7 = /Chr\w{0,2}\s{0,4}\(\s{0,4}\w{1,20}\s{0,4}\(\s{0,4}\w{1,20}\s{0,4}\)\s{0,4}[-+]/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        filesize < 4MB and $srv and $ex and any of ($d*)
}

rule webshell_asp_execute_packed
{
    meta:
        id = "webshell-asp-execute-packed"
        title = "Classic ASP executes a variable produced by a packer (substitution table or session cache)"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "An Execute statement runs a variable that was decoded through a large character-substitution table or cached in Session right before execution: the packer used by encrypted 'big horse' ASP shells. Treat as a web shell."
    strings:
        $ex = /(^|[^.\w])(execute|executeglobal)\b\s{1,8}[a-z_]\w{0,30}\s{0,8}(%>|:|\r|\n)/ nocase
        $p1 = /Array\s{0,4}\(\s{0,4}("[^"\r\n]{1,4}"\s{0,4},\s{0,4}){48}/ nocase
        $p2 = /session\s{0,4}\(\s{0,4}["']\w{1,30}["']\s{0,4}\)\s{0,4}(:|\r?\n)\s{0,8}(execute|executeglobal)\b\s{1,8}[a-z_]/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $srv and $ex and any of ($p*)
}

rule webshell_asp_execute_decoded_var
{
    meta:
        id = "webshell-asp-execute-decoded-var"
        title = "Classic ASP executes the output of a decoding function applied to a variable"
        kind = "webshell"
        severity = "medium"
        confidence = "medium"
        description = "Execute/ExecuteGlobal/Eval runs the result of a function applied to a variable while the page also contains character-shifting or reversing code, a common way to hide an encoded one-line backdoor. Dynamic-include code can look similar; decode the variable to decide."
    strings:
        $ex = /(^|[^.\w])(eval|execute|executeglobal)\b\s{0,8}\(?\s{0,8}[a-z_]\w{0,30}\s{0,8}\(\s{0,8}[a-z_]\w{0,30}\s{0,8}\)/ nocase
        $d1 = "StrReverse" nocase
        $d3 = /Chr\s{0,4}\(\s{0,4}\(?\s{0,4}[\w.()]{1,40}\s{0,4}[-+^]\s{0,4}[\w.()]{1,40}\s{0,4}\)/ nocase
        $d4 = /Chr\s{0,4}\(\s{0,4}["']?&H/ nocase
        $d5 = /Asc\s{0,4}\(\s{0,4}\w{1,40}\s{0,4}\)\s{0,4}[-+]\s{0,4}\d/ nocase
        $srv = /<%\s{0,8}([@=#<'\r\n]|\/\/|[a-z_]\w{1,30}\s{0,4}[.(=:\s]|[a-z_]\s{0,4}=)|runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        filesize < 4MB and $srv and $ex and any of ($d*)
}

rule webshell_china_chopper_csharp_dispatcher
{
    meta:
        id = "webshell-china-chopper-csharp-dispatcher"
        title = "China Chopper server component written in C# (single-letter command dispatcher)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "A handler/page/web service switches on single-letter opcodes (case \"A\" ... case \"Q\") received in a request field and implements drive listing, file operations, process execution and SQL access behind them: the 'customize' server side of China Chopper. Treat the host as compromised."
    strings:
        $case = /case\s{1,4}"[A-Z]"\s{0,4}:/
        $c1 = "GetLogicalDrives" nocase
        $c2 = /new\s{1,4}(System\.Diagnostics\.)?(ProcessStartInfo|Process)\s{0,4}\(/ nocase
        $c3 = /(Sql|OleDb|Odbc)Connection/ nocase
        $c4 = /(Directory\s{0,4}\.\s{0,4}Delete|File\s{0,4}\.\s{0,4}(Copy|Move|Delete))\s{0,4}\(/ nocase
        $c5 = /(SetCreationTime|SetLastWriteTime|CreationTime\s{0,4}=|LastWriteTime\s{0,4}=)/ nocase
        $c6 = /WebClient|HttpWebRequest/ nocase
        $req = /Request\s{0,4}(\.\s{0,4}(Form|QueryString|Params|Item)\s{0,4})?\[/ nocase
        $wm  = /\[\s{0,4}WebMethod|<%\s{0,4}@\s{0,4}WebService/ nocase
    condition:
        #case >= 10 and 3 of ($c*) and ($req or $wm)
}
