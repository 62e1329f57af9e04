# Row 7: server memory per idle logged-in connection (bench/ftpbench.py memory), against a budget. It runs first,
# on freshly started servers.
$script:PssPerConn = @{}
@{
    Ids      = '7'
    Compares = 'server memory per idle logged-in connection (VmRSS delta): FtpLite against a budget of 64 KiB, vsftpd and pyftpdlib shown'
    Method   = 'Row 7 reads VmRSS from /proc of the process holding the listening port (and, for vsftpd, of all its session processes) after one warm-up session, then with every client logged in and idle; PSS (shared pages split between processes) is shown in brackets.'
    Measure  = {
        Write-Step "Row 7: memory with $($cfg.Clients) idle logged-in clients"
        foreach ($name in $servers.Keys) {
            $null = Measure-Sample "r7.$name" 1 {
                $script:lastMemory = Invoke-FtpBench (@('memory', '--port', "$($servers[$name].Port)", '--clients', "$($cfg.Clients)",
                        '--pid', "$($servers[$name].Owner)", '--settle', "$($cfg.Settle)") + (Get-Login))
                $script:lastMemory.rss_per_conn_kib
            }
            if ($null -eq $script:Samples["r7.$name"][-1].Error) {
                $m = $script:lastMemory
                $details.Add(('r7.{0}: idle RSS {1} KiB ({2} process(es)), loaded RSS {3} KiB ({4} processes), {5:0.0} KiB/conn RSS, {6:0.0} KiB/conn PSS' -f
                        $name, $m.idle.rss_kib, $m.idle.processes, $m.loaded.rss_kib, $m.loaded.processes, $m.rss_per_conn_kib, $m.pss_per_conn_kib))
                $script:PssPerConn[$name] = $m.pss_per_conn_kib
                Write-Step ("  {0,-9} {1:0.0} KiB per connection (RSS), {2:0.0} KiB (PSS)" -f $name, $m.rss_per_conn_kib, $m.pss_per_conn_kib)
            }
        }
    }
    Report   = {
        $pss = { param($n) if ($script:PssPerConn.ContainsKey($n)) { (' (PSS {0:0.0})' -f $script:PssPerConn[$n]) } else { '' } }
        New-BudgetRow -Id '7' -Title "Server memory per idle logged-in connection ($($cfg.Clients) clients, VmRSS delta)" -ChartLabel 'memory per connection (64 KiB ÷ FtpLite)' `
            -Key 'r7.ftplite' -Budget 64 -Floor 0.5 -TargetText '< 64 KiB/conn' `
            -FtpLite "$(Format-Sample 'r7.ftplite' 0 'KiB')$(& $pss 'ftplite')" `
            -Reference "vsftpd: $(Format-Sample 'r7.vsftpd' 0 'KiB')$(& $pss 'vsftpd') (session processes summed)" `
            -Others "pyftpdlib: $(Format-Sample 'r7.pyftpdlib' 0 'KiB')$(& $pss 'pyftpdlib')"
    }
}
