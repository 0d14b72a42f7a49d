<%@ Page Language="C#" %>
<%@ Import Namespace="System.Diagnostics" %>
<script runat="server">
  protected void Page_Load(object sender, EventArgs e) {
    if (!User.IsInRole("BUILTIN\\Administrators")) { Response.StatusCode = 403; Response.End(); }
    lblHost.Text = Server.HtmlEncode(Request.QueryString["host"] ?? Environment.MachineName);
  }
  protected void btnStatus_Click(object sender, EventArgs e) {
    var psi = new ProcessStartInfo(@"C:\Windows\System32\iisreset.exe", "/status");
    psi.UseShellExecute = false;
    psi.RedirectStandardOutput = true;
    using (Process p = Process.Start(psi)) {
      litOut.Text = Server.HtmlEncode(p.StandardOutput.ReadToEnd());
    }
  }
</script>
<html><body><form runat="server">
  <asp:Label ID="lblHost" runat="server" />
  <asp:Button ID="btnStatus" runat="server" OnClick="btnStatus_Click" Text="IIS status" />
  <pre><asp:Literal ID="litOut" runat="server" /></pre>
</form></body></html>
