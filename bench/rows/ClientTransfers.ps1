# Rows 3a and 3b: FtpLite's client (Receive-FtpLiteFile, Send-FtpLiteFile) against vsftpd vs curl, the big file.
@{
    Ids      = '3a', '3b'
    Compares = 'client download and upload of the big file against vsftpd: Receive-FtpLiteFile / Send-FtpLiteFile vs curl -o file / curl -T'
    Method   = 'Rows 3, 4 and 5c run the FtpLite cmdlets in one long-lived non-interactive pwsh (bench/ClientWorker.ps1) with progress left on; each timed operation includes Connect-FtpLite and Disconnect-FtpLite, and a warm-up request runs first (cold start is row 8). curl writes the download to a file as Receive-FtpLiteFile does; lftp is timed as a whole process with ftp:ssl-allow off and otherwise default settings (mirror: one transfer at a time). Rows 4c and 4d also show the four-connection mirror of lftp (mirror --parallel=4) beside the target, as a measure of what four connections can give on this machine. In row 5c, curl lists the folder from vsftpd right before or right after the client does (they take turns), apart from its row 5a sample.'
    Measure  = {
        Write-Step "Row 3: client download and upload, $(Format-Size $cfg.BigBytes), against vsftpd (progress on)"
        Invoke-WorkerWarmup
        $dl = Join-Path $client 'dl.bin'
        foreach ($run in 1..$cfg.Runs) {
            Confirm-Server vsftpd
            $vs = $servers['vsftpd'].Port
            $order = Get-TurnOrder $run 'ftplite', 'curl'
            foreach ($who in $order) {
                Remove-Item -LiteralPath $dl -Force -ErrorAction Ignore
                $null = Invoke-Checked sync @()
                $s = Measure-Sample "r3d.$who" $run {
                    $seconds = if ($who -eq 'ftplite') {
                        (Invoke-Worker (New-WorkerRequest 'download' $vs @{ remote = $bigPath; local = $dl })).seconds
                    }
                    else { (Invoke-Curl -Port $vs -RemotePath $bigPath -Output $dl).Seconds }
                    Assert-Transfer $big $dl $run "download by $who"
                    $seconds
                }
                if ($s) { Write-Step ("  run {0} download {1,-8} {2}" -f $run, $who, (Format-Rate ($cfg.BigBytes / $s))) }
            }
            Remove-Item -LiteralPath $dl -Force -ErrorAction Ignore
            foreach ($who in $order) {
                $up = Reset-ServerFolder 'vsftpd' 'up'
                $null = Invoke-Checked sync @()
                $s = Measure-Sample "r3u.$who" $run {
                    $seconds = if ($who -eq 'ftplite') {
                        (Invoke-Worker (New-WorkerRequest 'upload' $vs @{ local = $big; remote = "/up/$who.bin" })).seconds
                    }
                    else { (Invoke-Curl -Port $vs -RemotePath "/up/$who.bin" -Upload $big).Seconds }
                    Assert-Transfer $big (Join-Path $up "$who.bin") $run "upload by $who"
                    $seconds
                }
                if ($s) { Write-Step ("  run {0} upload   {1,-8} {2}" -f $run, $who, (Format-Rate ($cfg.BigBytes / $s))) }
            }
            $null = Reset-ServerFolder 'vsftpd' 'up'
        }
    }
    Report   = {
        $size = Format-Size $cfg.BigBytes
        New-ComparisonRow -Id '3a' -Title "Client download, $size from vsftpd: Receive-FtpLiteFile vs curl -o file" -ChartLabel 'client download vs curl' `
            -FtpLite 'r3d.ftplite' -Reference 'r3d.curl' -Bytes $cfg.BigBytes -Target 0.9 -TargetText '≥ 0.9× curl'
        New-ComparisonRow -Id '3b' -Title "Client upload, $size to vsftpd: Send-FtpLiteFile vs curl -T" -ChartLabel 'client upload vs curl' `
            -FtpLite 'r3u.ftplite' -Reference 'r3u.curl' -Bytes $cfg.BigBytes -Target 0.9 -TargetText '≥ 0.9× curl'
    }
}
