// SPDX-License-Identifier: Apache-2.0
//
// Web shells written the way the 2021 Exchange intrusions wrote them.
//
// What these catch:
//   * ProxyLogon (CVE-2021-27065): the attacker set the ExternalUrl (or
//     InternalUrl) of the OAB virtual directory to a URL holding a server
//     script, then "reset" the virtual directory so Exchange saved its
//     settings to a file of the attacker's choosing with an .aspx name.
//     The saved file is a settings dump whose URL value contains
//     a server-side script element (script tag with the runat attribute).
//   * ProxyShell (CVE-2021-34473/34523/31207): the shell was written with
//     a mailbox export request, so the .aspx on disk is really a PST file
//     (magic "!BDN") with a script block carried inside it. Variants wrapped
//     the script in other binary containers (DER/ASN.1 starting 30 82,
//     images, OLE).
//   * Any other server script block or ASP code block found inside a file whose
//     first bytes say it is a binary container. IIS/ASP.NET will still run
//     such a file if it has a script extension, and nothing legitimate puts
//     server code inside an image, a certificate or a mailbox export.
//
// Why: these rules key on structure (container magic at offset 0, a URL
// field holding markup) rather than on a particular payload, so they survive
// a change of password parameter or payload.

rule webshell_exchange_oab_vdir_script
{
    meta:
        id = "webshell-exchange-oab-vdir-script"
        title = "Saved Exchange virtual-directory settings with a server script in a URL field (ProxyLogon)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "An OAB/ECP virtual-directory settings dump whose ExternalUrl or InternalUrl holds a server-side script block: the ProxyLogon CVE-2021-27065 way of writing a web shell. Remove the file, reset the virtual directory URLs and treat the server as compromised."
        reference = "https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
    strings:
        $url1 = /(External|Internal)Url[^\r\n]{0,64}<\s{0,4}script/ nocase
        $url2 = /(External|Internal)Url[^\r\n]{0,64}&lt;\s{0,4}script/ nocase
        $run1 = /runat\s{0,4}=\s{0,4}["']?server/ nocase
        $run2 = /runat\s{0,4}=\s{0,4}(&quot;|&#34;)server/ nocase
        $run3 = /(eval|execute)\b\s{0,8}\(/ nocase
    condition:
        any of ($url*) and any of ($run*)
}

rule webshell_exchange_oab_vdir_settings_code
{
    meta:
        id = "webshell-exchange-vdir-settings-with-code"
        title = "Exchange virtual-directory settings file carrying server-side code"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "A file that looks like an Exchange virtual-directory settings dump (OAB/ECP/OWA fields) also holds a server script block or request evaluation, the layout of the ProxyLogon web shells. Investigate as a web shell."
    strings:
        $f1 = /OfflineAddressBooks?\s{0,32}[:=>]/ nocase
        $f2 = /PollInterval\s{0,32}[:=>]/ nocase
        $f3 = /RequireSSL\s{0,32}[:=>]/ nocase
        $f4 = /ExternalAuthenticationMethods\s{0,32}[:=>]/ nocase
        $f5 = /InternalAuthenticationMethods\s{0,32}[:=>]/ nocase
        $f6 = /ExternalUrl\s{0,8}[:=>]/ nocase
        $c1 = /<script[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server/ nocase
        $c2 = /Request\s{0,4}(\.\s{0,4}Item\s{0,4})?\[/ nocase
        $c3 = /[^.\w]eval\s{0,8}\(\s{0,8}Request/ nocase
    condition:
        2 of ($f*) and any of ($c*)
}

rule webshell_exchange_pst_wrapped
{
    meta:
        id = "webshell-exchange-pst-wrapped"
        title = "PST (mailbox export) file carrying a server script (ProxyShell)"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "The file starts with the PST magic !BDN yet contains a server-side script block or ASP code: a ProxyShell web shell written through New-MailboxExportRequest. Treat the server as compromised; check MailboxExportRequest history and IIS logs for /autodiscover/autodiscover.json requests."
        reference = "https://www.zerodayinitiative.com/blog/2021/8/17/from-pwn2own-2021-a-new-attack-surface-on-microsoft-exchange-proxyshell"
    strings:
        $pst = "!BDN"
        $s1 = /<script[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server/ nocase
        $s2 = /<%\s{0,8}@\s{0,8}(page|webhandler|webservice|language)/ nocase
        $s3 = /<%[^%]{0,64}(eval|execute|Request|Response\.Write|Process)/ nocase
        $s4 = /[^.\w](eval|execute)\b\s{0,8}\(\s{0,8}Request/ nocase
        $s5 = /runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        $pst at 0 and any of ($s*)
}

rule webshell_exchange_der_wrapped
{
    meta:
        id = "webshell-exchange-der-wrapped"
        title = "DER/ASN.1 blob carrying a server script"
        kind = "webshell"
        severity = "high"
        confidence = "high"
        description = "The file starts like a DER-encoded structure (30 82) but contains a server-side script block or ASP code, a wrapping used for Exchange web shells (for example certificate-request exports). Treat as a web shell."
    strings:
        $s1 = /<script[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server/ nocase
        $s2 = /<%\s{0,8}@\s{0,8}(page|webhandler|webservice|language)/ nocase
        $s3 = /<%[^%]{0,64}(eval|execute|Request|Response\.Write|Process)/ nocase
        $s4 = /[^.\w](eval|execute)\b\s{0,8}\(\s{0,8}Request/ nocase
        $s5 = /runat\s{0,4}=\s{0,4}["']?server/ nocase
    condition:
        uint16(0) == 0x8230 and any of ($s*)
}

rule webshell_script_in_binary_container
{
    meta:
        id = "webshell-script-in-binary-container"
        title = "Server-side script hidden in an image, OLE or PDF container"
        kind = "webshell"
        severity = "high"
        confidence = "medium"
        description = "A file whose header says GIF/PNG/JPEG/BMP/OLE/PDF also holds an ASP/ASP.NET server script block; such polyglots are uploaded as 'images' and executed by IIS under a script extension. Treat as a web shell."
    strings:
        $gif = "GIF8"
        $s1 = /<script[^>]{0,64}runat\s{0,4}=\s{0,4}["']?server/ nocase
        $s2 = /<%\s{0,8}@\s{0,8}(page|webhandler|webservice|language)\s{0,8}[=a-z ]/ nocase
        $s3 = /<%\s{0,8}(eval|execute|executeglobal)\b/ nocase
        $s4 = /[^.\w](eval|execute|executeglobal)\b\s{0,8}\(?\s{0,8}Request\s{0,8}(\.\s{0,8}(Item|Form|QueryString))?\s{0,8}[\[\(]/ nocase
        $s5 = /<%[^%]{0,64}Request\s{0,4}(\.\s{0,4}(Form|QueryString|Item))?\s{0,4}[\[\(]/ nocase
    condition:
        any of ($s*) and
        (
            $gif at 0 or
            uint32(0) == 0x474e5089 or          // \x89PNG
            uint16(0) == 0xd8ff or              // JPEG
            uint32(0) == 0xe011cfd0 or          // OLE compound file
            uint32(0) == 0x46445025 or          // %PDF
            (uint16(0) == 0x4d42 and uint32(2) == filesize)   // BMP with consistent size
        )
}

rule webshell_exchange_export_to_webroot
{
    meta:
        id = "webshell-exchange-export-to-script-path"
        title = "Script or log text exporting a mailbox or settings to a web-served script path"
        kind = "suspicious_file"
        severity = "medium"
        confidence = "medium"
        description = "Text that runs a mailbox export request or a virtual-directory reset whose target is a server-script file name or a web-served Exchange folder; this is how ProxyLogon and ProxyShell turned Exchange features into file writes. Find where the path points and check it for a web shell."
    strings:
        $cmd1 = /New-MailboxExportReques[t][^\r\n]{0,64}\.(aspx|ashx|asmx|asp)\b/ nocase
        $cmd2 = /New-MailboxExportReques[t][^\r\n]{0,64}(aspnet_clien[t]|HttpProx[y]|inetpu[b])/ nocase
        $cmd3 = /(Reset|Set)-OabVirtualDirectory[^\r\n]{0,64}\.(aspx|ashx|asmx)\b/ nocase
        $cmd4 = /FilePath\s{0,4}[=:]?\s{0,4}["']?\\\\[^\r\n"']{1,64}\\(aspnet_client|owa\\auth|ecp\\auth)\\[^\r\n"']{0,64}\.aspx/ nocase
    condition:
        any of them
}
