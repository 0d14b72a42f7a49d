// SPDX-License-Identifier: Apache-2.0
//
// Ransomware dropped on Exchange servers after the 2021 ProxyLogon wave.
//
// What these catch:
//   * DearCry / DoejoCrypt: the executable (public facts: the "DEARCRY!"
//     marker it writes, the ".CRYPT" extension, the note text, the
//     "msupdate" service it runs as and a PDB path containing
//     "EncryptFile -svcV2"), the files it encrypted (they begin with the
//     8-byte DEARCRY! header) and its readme.txt note;
//   * Black KingDom: its note (decrypt_file.TxT) and unpacked/decompiled
//     Python script text (the executable itself is PyInstaller-packed, so
//     its strings are compressed and are not matched here - use the hash
//     IOCs for it);
//   * a generic, lower-severity ransom-note heuristic.
//
// Why: an encrypted-file header or a ransom note on disk is strong evidence
// that encryption already ran; the executable rules let a hunt find the
// binary before or after it ran.
//
// Several strings are written as hex or as regexes with escapes so that
// this rule file does not match itself when a scan covers the rules folder.

rule ransomware_dearcry_executable
{
    meta:
        id = "ransomware-dearcry-executable"
        title = "DearCry (DoejoCrypt) ransomware executable"
        kind = "ransomware"
        severity = "high"
        confidence = "high"
        description = "A Windows executable carrying DearCry's encrypted-file marker, PDB path, note text or service name. Isolate the server, look for files ending in .CRYPT and for a service named msupdate, and restore from backup."
        reference = "https://github.com/sophoslabs/IoCs/blob/master/Ransomware_DearCry.csv"
    strings:
        $marker = { 44 45 41 52 43 52 59 21 }                 // DEARCRY!
        $pdb    = /EncryptFile -svcV2\\/ nocase
        $note   = { 59 6f 75 72 20 66 69 6c 65 20 68 61 73 20 62 65 65 6e 20 65 6e 63 72 79 70 74 65 64 21 }
        $notew  = { 59 00 6f 00 75 00 72 00 20 00 66 00 69 00 6c 00 65 00 20 00 68 00 61 00 73 00 20 00 62 00 65 00 65 00 6e 00 20 00 65 00 6e 00 63 00 72 00 79 00 70 00 74 00 65 00 64 00 21 00 }
        $ext    = { 2e 43 52 59 50 54 00 }                    // ".CRYPT\0"
        $svc    = "msupdate" ascii wide
        $readme = "readme.txt" ascii wide nocase
    condition:
        uint16(0) == 0x5a4d and filesize < 10MB and
        ($marker or $pdb) and 1 of ($note, $notew, $ext, $svc, $readme, $pdb)
}

// Files DearCry encrypted (DEARCRY! at offset 0) are a heuristic, not a rule: exray counts them
// and reports one finding with the list (src/filescan/heuristics.cpp), not one per file.

rule ransomware_dearcry_note
{
    meta:
        id = "ransomware-dearcry-note"
        title = "DearCry ransom note"
        kind = "ransomware"
        severity = "high"
        confidence = "high"
        description = "A short text file with DearCry's note wording (the file is normally readme.txt on the desktop). Encryption has likely run on this host; look for .CRYPT files and the msupdate service."
        reference = "https://github.com/sophoslabs/IoCs/blob/master/Ransomware_DearCry.csv"
    strings:
        // the note's first line, in ASCII and in UTF-16LE (hex so this file does not match itself)
        $note  = { 59 6f 75 72 20 66 69 6c 65 20 68 61 73 20 62 65 65 6e 20 65 6e 63 72 79 70 74 65 64 21 }
        $notew = { 59 00 6f 00 75 00 72 00 20 00 66 00 69 00 6c 00 65 00 20 00 68 00 61 00 73 00 20 00 62 00 65 00 65 00 6e 00 20 00 65 00 6e 00 63 00 72 00 79 00 70 00 74 00 65 00 64 00 21 00 }
        $c1 = "decrypt" nocase ascii
        $c2 = "contact us" nocase ascii
        $c3 = "the following hash" nocase ascii
    condition:
        filesize < 16KB and ($note or $notew) and any of ($c*)
}

rule ransomware_blackkingdom_note
{
    meta:
        id = "ransomware-blackkingdom-note"
        title = "Black KingDom ransom note"
        kind = "ransomware"
        severity = "high"
        confidence = "medium"
        description = "A short text file with the wording of the Black KingDom ransom note (normally named decrypt_file.txt). The Exchange server was used to run this ransomware; isolate it, check for encrypted files and for the web shells that delivered it."
        reference = "https://github.com/sophoslabs/IoCs/blob/master/Ransomware_BlackKingDom.csv"
    strings:
        $n1 = /We hacked your \(\( ?Network ?\)\)/ nocase ascii
        $n2 = /We Are Back[^\r\n]{0,16}[\r\n]/ ascii
        $n3 = /\(\( ?Network ?\)\)/ ascii
        $pay1 = /bitcoi[n]/ nocase ascii
        $pay2 = /\$ ?10,00[0]/ ascii
    condition:
        filesize < 32KB and ($n1 or ($n2 and $n3)) and any of ($pay*)
}

rule ransomware_blackkingdom_script
{
    meta:
        id = "ransomware-blackkingdom-script"
        title = "Black KingDom ransomware script (unpacked or decompiled Python)"
        kind = "ransomware"
        severity = "high"
        confidence = "medium"
        description = "Python source or unpacked bytecode that writes the Black KingDom note file (decrypt_file with an odd-case .TxT extension) while walking the disk and encrypting files. Treat as the ransomware payload; isolate the host."
        reference = "https://github.com/sophoslabs/IoCs/blob/master/Ransomware_BlackKingDom.csv"
    strings:
        $note = /decrypt_fil[e]\.TxT/ ascii
        $p1 = /os\.wal[k]/ ascii
        $p2 = /(fro[m]|impor[t]) Crypto|cryptography\.ferne[t]|AES\.ne[w]/ ascii
        $p3 = /Black ?King[Dd]o[m]/ ascii
        $p4 = /mega\.n[z]|fro[m] mega impor[t]/ ascii
    condition:
        $note and 2 of ($p*)
}

rule ransomware_generic_note
{
    meta:
        id = "ransomware-generic-note"
        title = "Text file that reads like a ransom note"
        kind = "ransomware"
        severity = "medium"
        confidence = "low"
        description = "A small text file says files were encrypted and asks for contact or payment (bitcoin, e-mail, Tor). Check whether files around it were encrypted; if so, this is the note of a ransomware run."
    strings:
        $e1 = /(your|all)( important)? (files|data|documents|network)[^\r\n.]{0,48} (been|are|were) (encrypte[d]|locke[d])/ nocase ascii
        $d1 = /decryp[t]/ nocase ascii
        $p1 = /bitcoi[n]|\bBT[C]\b|moner[o]|tor browse[r]|\.onio[n]\b/ nocase ascii
        $p2 = /contact u[s]|e-?mail u[s]|write to u[s]|(pay|send)[^\r\n]{0,24}(ranso[m]|bitcoi[n])/ nocase ascii
    condition:
        filesize < 16KB and $e1 and $d1 and any of ($p*)
}
