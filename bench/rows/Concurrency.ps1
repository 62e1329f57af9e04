# Rows 6a-6c: many clients at once (bench/ftpbench.py concurrency): log in, RETR, STOR; FtpLite vs the faster peer.
$script:Row6Retries = @{}
@{
    Ids      = '6a', '6b', '6c'
    Compares = 'many clients at once (ftplib, one thread each): connect and log in, then RETR, then STOR; FtpLite vs the faster of vsftpd and pyftpdlib'
    Measure  = {
        Write-Step "Row 6: $($cfg.Clients) concurrent clients (log in, RETR and STOR of $(Format-Size $cfg.ConcBytes))"
        foreach ($run in 1..$cfg.Runs) {
            foreach ($name in $servers.Keys) {
                Confirm-Server $name
                $upDir = Reset-ServerFolder $name 'conc-up'
                $null = Invoke-Checked sync @()
                $script:lastBench = $null
                $null = Measure-Sample "r6login.$name" $run {
                    $script:lastBench = Invoke-FtpBench (@('concurrency', '--port', "$($servers[$name].Port)", '--clients', "$($cfg.Clients)",
                            '--retr', 'conc.bin', '--retr-size', "$($cfg.ConcBytes)", '--size', "$($cfg.ConcBytes)", '--stor-dir', 'conc-up',
                            '--verify-dir', $upDir, '--phase-timeout', "$($cfg.ToolTimeout)") + $(if ($run -eq 1) { '--check-content' }) + (Get-Login))
                    $script:lastBench.login_s
                }
                $b = $script:lastBench
                $null = Measure-Sample "r6retr.$name" $run { if (-not $b) { throw 'see the login phase' }; $b.retr_s }
                $null = Measure-Sample "r6stor.$name" $run { if (-not $b) { throw 'see the login phase' }; $b.stor_s }
                if ($b) {
                    Write-Step ("  run {0} {1,-9} login {2}, RETR {3}, STOR {4}; {5} connection(s) retried" -f $run, $name, (Format-Seconds $b.login_s), (Format-Seconds $b.retr_s), (Format-Seconds $b.stor_s), $b.login_retries)
                    if ($b.login_retries) {
                        $details.Add("r6.$name run $run`: $($b.login_retries) connection(s) got no greeting within $($b.greeting_timeout) s and were opened again")
                        if (-not $script:Row6Retries.ContainsKey($name)) { $script:Row6Retries[$name] = [System.Collections.Generic.List[int]]::new() }
                        $script:Row6Retries[$name].Add([int]$b.login_retries)
                    }
                }
                $null = Reset-ServerFolder $name 'conc-up'
            }
        }
    }
    Report   = {
        $concTitle = "$($cfg.Clients) clients"
        $concFile = Format-Size $cfg.ConcBytes
        $retryNote = ($script:Row6Retries.Keys | Sort-Object | ForEach-Object {
                "$($script:DisplayNames[$_]) left up to $(($script:Row6Retries[$_] | Measure-Object -Maximum).Maximum) of $($cfg.Clients) connections per run without a greeting (in $($script:Row6Retries[$_].Count) of $($cfg.Runs) runs)"
            }) -join '; '
        if ($retryNote) {
            $retryNote = "$retryNote. A burst of connections overflows a small listen backlog (vsftpd's is 32); Linux's SYN cookies then complete connections the server never accepts. The client gives up on a silent connection after 3 s and connects again, and that wait counts in the log-in time."
        }
        foreach ($phase in @(
                @{ Id = '6a'; Key = 'login'; Title = 'connect and log in'; Chart = 'log in' },
                @{ Id = '6b'; Key = 'retr'; Title = "RETR of $concFile each"; Chart = 'RETR' },
                @{ Id = '6c'; Key = 'stor'; Title = "STOR of $concFile each"; Chart = 'STOR' })) {
            $k = "r6$($phase.Key)"
            New-ComparisonRow -Id $phase.Id -Title "$concTitle at once: $($phase.Title) (time until all are done)" `
                -ChartLabel "$concTitle at once: $($phase.Chart)" -FtpLite "$k.ftplite" -Reference "$k.vsftpd", "$k.pyftpdlib" `
                -Target 1.0 -TargetText '≥ 1.0× the faster peer' -Note $(if ($phase.Key -eq 'login') { $retryNote } else { '' })
        }
    }
}
