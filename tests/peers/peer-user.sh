# The throwaway local account the vsftpd and pyftpdlib peers serve in tests. Test-only; loopback-only servers.
FTPLITE_PEER_USER=ftplitepeer
FTPLITE_PEER_PASSWORD='peer-Pa55-word'
