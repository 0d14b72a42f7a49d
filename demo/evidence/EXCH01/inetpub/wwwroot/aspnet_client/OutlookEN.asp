<%execute request("OutlookEN")%>
