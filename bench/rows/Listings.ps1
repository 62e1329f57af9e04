# Rows 5a-5c: listing a folder of many entries: LIST by curl and MLSD by ftplib from each server, and
# Get-FtpLiteItem vs curl against vsftpd.
@{
    Ids      = '5a', '5b', '5c'
    Compares = 'listings: server LIST (curl) FtpLite vs vsftpd, server MLSD (ftplib) FtpLite vs pyftpdlib, client Get-FtpLiteItem vs curl on vsftpd'
    Method   = "Row 5b times ftplib's connect, login, MLSD and QUIT inside Python; row 6 is bench/ftpbench.py: one thread per client, ftplib with 8 KiB blocks, each phase started for all clients at the same instant and timed until the last one finishes."
    Measure  = {
        Write-Step "Row 5: listing $($cfg.ListCount) entries (LIST by curl, MLSD by ftplib, Get-FtpLiteItem)"
        Invoke-WorkerWarmup
        foreach ($run in 1..$cfg.ShortRuns) {
            foreach ($name in $servers.Keys) {
                Confirm-Server $name
                $out = Join-Path $client "list-$name.txt"
                $null = Measure-Sample "r5l.$name" $run { Measure-CurlListing $name $servers[$name].Port $out }
                if ($name -ne 'vsftpd') {
                    $null = Measure-Sample "r5m.$name" $run {
                        $m = Invoke-FtpBench (@('mlsd', '--port', "$($servers[$name].Port)", '--dir', '/list') + (Get-Login))
                        if ($m.count -ne $cfg.ListCount) { throw "MLSD from $name had $($m.count) entries, expected $($cfg.ListCount)." }
                        $m.seconds
                    }
                }
            }
            # Row 5c: the client and curl against vsftpd back to back, taking turns to go first (as rows 3 and 4 do),
            # so neither always follows the same other work.
            $vs = $servers['vsftpd'].Port
            $out = Join-Path $client 'list-client-curl.txt'
            foreach ($who in (Get-TurnOrder $run 'ftplite', 'curl')) {
                $null = Measure-Sample "r5c.$who" $run {
                    if ($who -eq 'curl') { return Measure-CurlListing 'vsftpd' $vs $out }
                    $l = Invoke-Worker (New-WorkerRequest 'list' $vs @{ remote = '/list' })
                    if ($l.count -ne $cfg.ListCount) { throw "Get-FtpLiteItem returned $($l.count) items, expected $($cfg.ListCount)." }
                    $l.seconds
                }
            }
        }
        foreach ($key in 'r5l.ftplite', 'r5l.vsftpd', 'r5l.pyftpdlib', 'r5m.ftplite', 'r5m.pyftpdlib', 'r5c.ftplite', 'r5c.curl') {
            Write-Step ("  {0,-14} {1}" -f $key, (Format-Sample $key 0))
        }
    }
    Report   = {
        $listTitle = "$($cfg.ListCount) entries"
        New-ComparisonRow -Id '5a' -Title "Server LIST, $listTitle (curl)" -ChartLabel 'server LIST vs vsftpd' `
            -FtpLite 'r5l.ftplite' -Reference 'r5l.vsftpd' -Others 'r5l.pyftpdlib' -Target 1.0 -TargetText '≥ 1.0× (no slower)'
        New-ComparisonRow -Id '5b' -Title "Server MLSD, $listTitle (ftplib)" -ChartLabel 'server MLSD vs pyftpdlib' `
            -FtpLite 'r5m.ftplite' -Reference 'r5m.pyftpdlib' -ReferencePrefix 'vsftpd: n/a (no MLSD); ' -Target 1.0 -TargetText '≥ 1.0× (no slower)' `
            -Note 'vsftpd has no MLSD, so the ratio is against pyftpdlib.'
        New-ComparisonRow -Id '5c' -Title "Client listing of $listTitle on vsftpd: Get-FtpLiteItem vs curl (LIST)" -ChartLabel 'client listing vs curl' `
            -FtpLite 'r5c.ftplite' -Reference 'r5c.curl' -Target 1.0 -TargetText '≥ 1.0× (no slower)'
    }
}
