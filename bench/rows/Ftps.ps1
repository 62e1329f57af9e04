# Rows 9 and 9b: FTPS (explicit TLS): row 1 (server download) and row 3a (client download) with TLS required, on
# a FtpLite and a vsftpd of their own, started here and stopped after, with a throwaway certificate.
@{
    Ids      = '9', '9b'
    Compares = 'FTPS downloads of the big file: server FtpLite vs vsftpd (curl --ssl-reqd -k), client Receive-FtpLiteFile -Encryption Explicit vs curl --ssl-reqd against vsftpd'
    Method   = "Rows 9 and 9b use their own FtpLite and vsftpd instances with explicit TLS required for log-ins and data (Start-FtpLiteServer -Certificate -RequireTls; vsftpd ssl_enable, force_local_logins_ssl, force_local_data_ssl, require_ssl_reuse, ssl_ciphers=HIGH), started after row 8 with a throwaway self-signed RSA 2048 certificate for 127.0.0.1 and stopped afterwards. Row 9 is row 1 with curl --ssl-reqd -k; row 9b is row 3a with Connect-FtpLite -Encryption Explicit -CertificateThumbprint and curl --ssl-reqd -k. An untimed 4 KiB TLS download from each server (and by the client worker) runs first."
    Measure  = {
        if (-not $probe.encryption) { return }
        Write-Step "Rows 9 and 9b: FTPS (explicit TLS), $(Format-Size $cfg.BigBytes): server download with curl --ssl-reqd, client download from vsftpd"
        New-BenchCertificate
        foreach ($name in 'ftplite-tls', 'vsftpd-tls') {
            $root = Join-Path $work "srv/$name"
            $null = New-Item -ItemType Directory -Force $root
            $null = Invoke-Shell "ln '$big' '$root/big.bin' && ln '$rt' '$root/rt.bin'"
            $tlsServers[$name] = @{ Root = $root; Port = 0; Entry = $null; Owner = 0 }
        }
        $null = Invoke-Checked chown @('-R', $script:PeerUser, $tlsServers['vsftpd-tls'].Root)

        # A set-up step that fails makes the samples that depend on it fail: the server's own (and for vsftpd, all
        # of row 9b), or FtpLite's client in row 9b.
        $tlsBroken = @{}
        foreach ($name in $tlsServers.Keys) {
            try { Start-BenchServer $name }
            catch { $tlsBroken[$name] = "FTPS set-up of $name failed: $($_.Exception.Message)" }
        }
        # Untimed: a 4 KiB TLS download from each server with curl and from vsftpd with the client worker, which
        # shows that TLS works end to end and warms the handshake and the encrypted data paths.
        $warm = Join-Path $client 'tls-warm.bin'
        foreach ($name in $tlsServers.Keys) {
            if ($tlsBroken.ContainsKey($name)) { continue }
            try {
                Wait-BenchServer $name
                Write-Step ("  {0,-11} port {1}, process {2}" -f $name, $tlsServers[$name].Port, $tlsServers[$name].Owner)
                Remove-Item -LiteralPath $warm -Force -ErrorAction Ignore
                $null = Invoke-Curl -Port $tlsServers[$name].Port -RemotePath '/rt.bin' -Output $warm -Tls
                Assert-SameContent $rt $warm "TLS warm-up download by curl from $name"
            }
            catch { $tlsBroken[$name] = "FTPS set-up of $name failed: $($_.Exception.Message)" }
        }
        if (-not $tlsBroken.ContainsKey('vsftpd-tls')) {
            try {
                Remove-Item -LiteralPath $warm -Force -ErrorAction Ignore
                $null = Invoke-Worker (New-WorkerRequest 'download' $tlsServers['vsftpd-tls'].Port @{ remote = '/rt.bin'; local = $warm; encryption = 'Explicit'; thumbprint = $script:Tls.Thumbprint }) 120
                Assert-SameContent $rt $warm 'TLS warm-up download by FtpLite from vsftpd-tls'
            }
            catch { $tlsBroken['client'] = "FTPS warm-up of FtpLite's client failed: $($_.Exception.Message)" }
        }
        Remove-Item -LiteralPath $warm -Force -ErrorAction Ignore
        foreach ($why in $tlsBroken.Values) { Write-Warning $why }

        # Row 9: the servers, as row 1 (curl's time_total, to /dev/null), with TLS.
        foreach ($run in 1..$cfg.Runs) {
            foreach ($name in $tlsServers.Keys) {
                $who = $name -replace '-tls$'
                if (-not $tlsBroken.ContainsKey($name)) { Confirm-Server $name }
                $s = Measure-Sample "r9.$who" $run {
                    if ($tlsBroken.ContainsKey($name)) { throw $tlsBroken[$name] }
                    $c = Invoke-Curl -Port $tlsServers[$name].Port -RemotePath $bigPath -Tls
                    if ($c.Download -ne $cfg.BigBytes) { throw "curl received $($c.Download) of $($cfg.BigBytes) bytes from $name." }
                    $c.Seconds
                }
                if ($s) { Write-Step ("  run {0} server   {1,-11} {2}" -f $run, $name, (Format-Rate ($cfg.BigBytes / $s))) }
            }
        }

        # Row 9b: the client, as row 3a, against vsftpd with TLS (require_ssl_reuse=YES: the data connection must
        # resume the control connection's TLS session).
        $dl = Join-Path $client 'dl-tls.bin'
        foreach ($run in 1..$cfg.Runs) {
            if (-not $tlsBroken.ContainsKey('vsftpd-tls')) { Confirm-Server 'vsftpd-tls' }
            $vsTls = $tlsServers['vsftpd-tls'].Port
            foreach ($who in (Get-TurnOrder $run 'ftplite', 'curl')) {
                # Without the server, FtpLite's client is not measured (the row says "peer failed"); curl's sample
                # carries the error.
                if ($who -eq 'ftplite' -and $tlsBroken.ContainsKey('vsftpd-tls')) { continue }
                Remove-Item -LiteralPath $dl -Force -ErrorAction Ignore
                $null = Invoke-Checked sync @()
                $s = Measure-Sample "r9b.$who" $run {
                    if ($tlsBroken.ContainsKey('vsftpd-tls')) { throw $tlsBroken['vsftpd-tls'] }
                    if ($who -eq 'ftplite' -and $tlsBroken.ContainsKey('client')) { throw $tlsBroken['client'] }
                    $seconds = if ($who -eq 'ftplite') {
                        (Invoke-Worker (New-WorkerRequest 'download' $vsTls @{ remote = $bigPath; local = $dl; encryption = 'Explicit'; thumbprint = $script:Tls.Thumbprint })).seconds
                    }
                    else { (Invoke-Curl -Port $vsTls -RemotePath $bigPath -Output $dl -Tls).Seconds }
                    Assert-Transfer $big $dl $run "TLS download by $who"
                    $seconds
                }
                if ($s) { Write-Step ("  run {0} client   {1,-11} {2}" -f $run, $who, (Format-Rate ($cfg.BigBytes / $s))) }
            }
        }
        Remove-Item -LiteralPath $dl -Force -ErrorAction Ignore
        foreach ($name in $tlsServers.Keys) { Stop-BenchServer $name }
    }
    Report   = {
        $size = Format-Size $cfg.BigBytes
        $bytes = $cfg.BigBytes
        if (-not ($probe -and $probe.encryption)) {
            New-PlaceholderRow '9' "FTPS server download, $size`: FtpLite vs vsftpd, both TLS" 'FTPS server download vs vsftpd' 'vsftpd (TLS)' $null '—' 'not available' `
                'Connect-FtpLite has no -Encryption parameter in this build.'
            New-PlaceholderRow '9b' "FTPS client download, $size from vsftpd (TLS): Receive-FtpLiteFile vs curl" 'FTPS client download vs curl' 'curl (TLS)' $null '—' 'not available'
            return
        }
        $plain = if ($null -ne (Get-SampleMedian 'r1.ftplite') -and $null -ne (Get-SampleMedian 'r1.vsftpd')) {
            "Without TLS (row 1): FtpLite $(Format-Sample 'r1.ftplite' $bytes), vsftpd $(Format-Sample 'r1.vsftpd' $bytes)."
        }
        New-ComparisonRow -Id '9' -Title "FTPS server download, $size`: curl --ssl-reqd -k -o /dev/null from FtpLite (TLS, -RequireTls) vs vsftpd (TLS)" `
            -ChartLabel 'FTPS server download vs vsftpd' -FtpLite 'r9.ftplite' -Reference 'r9.vsftpd' -Names @{ 'r9.vsftpd' = 'vsftpd (TLS)' } `
            -Bytes $bytes -TargetText '— (no target)' -Note $plain
        $plain = if ($null -ne (Get-SampleMedian 'r3d.ftplite') -and $null -ne (Get-SampleMedian 'r3d.curl')) {
            "Without TLS (row 3a): FtpLite $(Format-Sample 'r3d.ftplite' $bytes), curl $(Format-Sample 'r3d.curl' $bytes)."
        }
        New-ComparisonRow -Id '9b' -Title "FTPS client download, $size from vsftpd (TLS, require_ssl_reuse=YES): Receive-FtpLiteFile (Connect-FtpLite -Encryption Explicit) vs curl --ssl-reqd -o file" `
            -ChartLabel 'FTPS client download vs curl' -FtpLite 'r9b.ftplite' -Reference 'r9b.curl' -Names @{ 'r9b.curl' = 'curl (TLS)' } `
            -Bytes $bytes -TargetText '— (no target)' -Note $plain
    }
}
