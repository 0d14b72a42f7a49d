<%@ Page Language="C#" MasterPageFile="~/Site.master" %>
<asp:Content ContentPlaceHolderID="Main" runat="server">
  <asp:Repeater ID="rptPosts" runat="server">
    <ItemTemplate>
      <h2><a href='<%# Eval("Url") %>'><%# Eval("Title") %></a></h2>
      <p><%# DataBinder.Eval(Container.DataItem, "Summary") %> (<%# Eval("Published", "{0:d}") %>)</p>
    </ItemTemplate>
  </asp:Repeater>
  <asp:Label ID="lblQuery" runat="server" Text='<%# Server.HtmlEncode(Request.QueryString["q"]) %>' />
</asp:Content>
