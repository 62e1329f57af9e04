# Row 2: curl sends the big file to each server; the upload is checked on disk and removed.
@{
    Ids      = '2'
    Compares = 'server upload: FtpLite vs vsftpd (pyftpdlib shown), curl -T of the big file, timed as the whole curl process'
    Measure  = {
        Write-Step "Row 2: server upload, $(Format-Size $cfg.BigBytes), curl -T"
        foreach ($run in 1..$cfg.Runs) {
            foreach ($name in $servers.Keys) {
                Confirm-Server $name
                $up = Reset-ServerFolder $name 'up'
                $null = Invoke-Checked sync @()
                $s = Measure-Sample "r2.$name" $run {
                    $c = Invoke-Curl -Port $servers[$name].Port -RemotePath "/up/big-$run.bin" -Upload $big
                    if ($c.Upload -ne $cfg.BigBytes) { throw "curl sent $($c.Upload) of $($cfg.BigBytes) bytes to $name." }
                    Assert-Transfer $big (Join-Path $up "big-$run.bin") $run "upload to $name"
                    $c.Seconds
                }
                if ($s) { Write-Step ("  run {0} {1,-9} {2}" -f $run, $name, (Format-Rate ($cfg.BigBytes / $s))) }
                $null = Reset-ServerFolder $name 'up'
            }
        }
    }
    Report   = {
        New-ComparisonRow -Id '2' -Title "Server upload, $(Format-Size $cfg.BigBytes) (curl -T)" -ChartLabel 'server upload vs vsftpd' `
            -FtpLite 'r2.ftplite' -Reference 'r2.vsftpd' -Others 'r2.pyftpdlib' -Bytes $cfg.BigBytes -Target 0.95 -TargetText '≥ 0.95× vsftpd'
    }
}
