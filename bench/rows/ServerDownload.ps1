# Row 1: each server sends the big file to curl, which writes it to /dev/null.
@{
    Ids      = '1'
    Compares = 'server download: FtpLite vs vsftpd (pyftpdlib shown), curl -o /dev/null of the big file'
    Method   = 'Rows 1 and 5a time curl with its own timer (time_total: connect, log in, transfer); uploads (rows 2 and 3b) time the whole curl process, because time_total ends when the data is handed to the socket, before the server has it all and answers 226. The 1 GiB file is one page-cached inode hard-linked into every root, and downloads go to /dev/null. Uploads are removed (and `sync` run) between runs.'
    Measure  = {
        Write-Step "Row 1: server download, $(Format-Size $cfg.BigBytes), curl -o /dev/null"
        foreach ($run in 1..$cfg.Runs) {
            foreach ($name in $servers.Keys) {
                Confirm-Server $name
                $s = Measure-Sample "r1.$name" $run {
                    $c = Invoke-Curl -Port $servers[$name].Port -RemotePath $bigPath
                    if ($c.Download -ne $cfg.BigBytes) { throw "curl received $($c.Download) of $($cfg.BigBytes) bytes from $name." }
                    $c.Seconds
                }
                if ($s) { Write-Step ("  run {0} {1,-9} {2}" -f $run, $name, (Format-Rate ($cfg.BigBytes / $s))) }
            }
        }
    }
    Report   = {
        New-ComparisonRow -Id '1' -Title "Server download, $(Format-Size $cfg.BigBytes) (curl -o /dev/null)" -ChartLabel 'server download vs vsftpd' `
            -FtpLite 'r1.ftplite' -Reference 'r1.vsftpd' -Others 'r1.pyftpdlib' -Bytes $cfg.BigBytes -Target 0.9 -TargetText '≥ 0.9× vsftpd'
    }
}
