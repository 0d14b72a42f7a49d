// SPDX-License-Identifier: Apache-2.0
//
// Credential theft artefacts left on Exchange servers after web shell access.
//
// What these catch:
//   * a minidump of the LSASS process (the 2021 actors dumped LSASS with the
//     comsvcs.dll export or ProcDump, then archived the dump under
//     C:\ProgramData or C:\Windows\Temp); a minidump starts with "MDMP" and
//     lists the modules loaded in the dumped process, so an LSASS dump names
//     lsasrv, msv1_0, wdigest, kerberos and the like in UTF-16;
//   * scripts, batch files and saved command lines that dump LSASS or copy
//     the AD database (ntds.dit) with ntdsutil.
//
// Why: a dump of LSASS holds reusable credentials for every account that
// logged on to the server; finding one means all of them must be reset.
//
// Some words are written with a one-character class (for example Mini[Dd]ump)
// so that this rule file does not match itself.

// Minidumps of lsass.exe are a heuristic (src/filescan/heuristics.cpp): it reads the dump's
// module list and names the process, whatever the file is called and however large it is.

rule credential_dump_lsass_command
{
    meta:
        id = "credential-dump-lsass-command"
        title = "Command line that dumps LSASS memory"
        kind = "credential_dump"
        severity = "high"
        confidence = "medium"
        description = "A script, batch file or saved command uses the comsvcs.dll dump export, ProcDump or a similar tool against LSASS. Treat as credential theft: find the dump file and reset affected credentials."
        reference = "https://www.microsoft.com/security/blog/2021/03/02/hafnium-targeting-exchange-servers/"
    strings:
        $c1 = /comsvcs(\.dll)?[\x22', ]{1,4}(#\s?24|Mini[Dd]ump)/ nocase
        $c2 = /procdump(64)?(\.exe)?[^\r\n]{0,64}\s-m[a][^\r\n]{0,32}lsas[s]/ nocase
        $c3 = /(sqldumper|createdump|dumpert|nanodump)(\.exe)?[^\r\n]{0,64}lsas[s]/ nocase
    condition:
        any of them
}

rule credential_dump_ntds_copy
{
    meta:
        id = "credential-dump-ntds-copy"
        title = "Command line that copies the Active Directory database"
        kind = "credential_dump"
        severity = "medium"
        confidence = "medium"
        description = "A script or saved command creates an install-from-media copy of ntds.dit or copies it from a shadow copy, which exposes every domain password hash. Confirm whether an administrator ran it; otherwise treat the domain as compromised."
    strings:
        $n1 = /ntdsutil[^\r\n]{0,64}\bi[f]m\b/ nocase
        $n2 = /HarddiskVolumeShadowCopy\d{1,3}\\windows\\ntd[s]\\ntds\.dit/ nocase
    condition:
        any of them
}
