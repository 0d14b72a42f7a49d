<%@ Language=VBScript %>
<%
Option Explicit
Dim fso, f, fileName
fileName = Replace(Request.Form("name"), "..", "")
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set f = fso.OpenTextFile(Server.MapPath("/logs/upload.log"), 8, True)
f.WriteLine Now & " " & Request.ServerVariables("REMOTE_ADDR") & " " & fileName
f.Close
Response.Write "Logged " & Server.HTMLEncode(fileName)
%>
