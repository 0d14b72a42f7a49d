<%@ Page Language="C#" %>
<%@ Import Namespace="System.Diagnostics" %>
<script runat="server">
  protected void btnBackup_Click(object sender, EventArgs e) {
    string script = System.Configuration.ConfigurationManager.AppSettings["BackupScript"];
    var psi = new ProcessStartInfo("cmd.exe", "/c \"" + script + "\"");
    psi.UseShellExecute = false;
    psi.RedirectStandardOutput = true;
    using (Process p = Process.Start(psi)) { litOut.Text = Server.HtmlEncode(p.StandardOutput.ReadToEnd()); }
  }
</script>
