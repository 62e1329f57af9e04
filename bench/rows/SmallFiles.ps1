# Rows 4a-4d: many small files against vsftpd, the cmdlets (one at a time and -ThrottleLimit 4) vs lftp mirror.
@{
    Ids      = '4a', '4b', '4c', '4d'
    Compares = 'the small files down and up against vsftpd: Get-FtpLiteItem | Receive-FtpLiteFile and Get-ChildItem | Send-FtpLiteFile (also with -ThrottleLimit 4) vs lftp mirror (-R), lftp mirror --parallel=4 shown'
    Measure  = {
        Write-Step "Row 4: $($cfg.SmallCount) files of $(Format-Size $cfg.SmallBytes) against vsftpd"
        Invoke-WorkerWarmup
        $throttle = $probe.throttleSend -and $probe.throttleReceive
        # lftp4 is not a target: lftp's own four-connection mirror shows what four connections can give on this machine.
        $downWho = @('ftplite', 'lftp') + $(if ($throttle) { 'ftplite4', 'lftp4' })
        foreach ($run in 1..$cfg.Runs) {
            Confirm-Server vsftpd
            $vs = $servers['vsftpd'].Port
            $order = Get-TurnOrder $run $downWho
            foreach ($who in $order) {
                $local = Reset-LocalFolder (Join-Path $client "small-$who")
                $s = Measure-Sample "r4d.$who" $run {
                    $seconds = switch ($who) {
                        'lftp' { Invoke-Lftp $vs "mirror /small '$local'" }
                        'lftp4' { Invoke-Lftp $vs "mirror --parallel=4 /small '$local'" }
                        'ftplite' { (Invoke-Worker (New-WorkerRequest 'mirror-down' $vs @{ remote = '/small'; local = $local })).seconds }
                        'ftplite4' { (Invoke-Worker (New-WorkerRequest 'mirror-down' $vs @{ remote = '/small'; local = $local; throttle = 4 })).seconds }
                    }
                    Assert-Folder $local $cfg.SmallCount $cfg.SmallBytes "download by $who"
                    $seconds
                }
                if ($s) { Write-Step ("  run {0} download {1,-8} {2}" -f $run, $who, (Format-Seconds $s)) }
                $null = Reset-LocalFolder $local
            }
            foreach ($who in $order) {
                $folder = "up-small-$who"
                $remote = Reset-ServerFolder 'vsftpd' $folder
                $s = Measure-Sample "r4u.$who" $run {
                    $seconds = switch ($who) {
                        'lftp' { Invoke-Lftp $vs "mirror -R '$smallData' /$folder" }
                        'lftp4' { Invoke-Lftp $vs "mirror -R --parallel=4 '$smallData' /$folder" }
                        'ftplite' { (Invoke-Worker (New-WorkerRequest 'mirror-up' $vs @{ local = $smallData; remote = "/$folder" })).seconds }
                        'ftplite4' { (Invoke-Worker (New-WorkerRequest 'mirror-up' $vs @{ local = $smallData; remote = "/$folder"; throttle = 4 })).seconds }
                    }
                    Assert-Folder $remote $cfg.SmallCount $cfg.SmallBytes "upload by $who"
                    $seconds
                }
                if ($s) { Write-Step ("  run {0} upload   {1,-8} {2}" -f $run, $who, (Format-Seconds $s)) }
                $null = Reset-ServerFolder 'vsftpd' $folder
            }
        }
    }
    Report   = {
        $smallTitle = "$($cfg.SmallCount) × $(Format-Size $cfg.SmallBytes)"
        New-ComparisonRow -Id '4a' -Title "$smallTitle download from vsftpd: Get-FtpLiteItem | Receive-FtpLiteFile vs lftp mirror" -ChartLabel 'small files download vs lftp' `
            -FtpLite 'r4d.ftplite' -Reference 'r4d.lftp' -Target 1.0 -TargetText '≥ 1.0× lftp'
        New-ComparisonRow -Id '4b' -Title "$smallTitle upload to vsftpd: Get-ChildItem | Send-FtpLiteFile vs lftp mirror -R" -ChartLabel 'small files upload vs lftp' `
            -FtpLite 'r4u.ftplite' -Reference 'r4u.lftp' -Target 1.0 -TargetText '≥ 1.0× lftp'
        if ($probe -and $probe.throttleSend -and $probe.throttleReceive) {
            New-ComparisonRow -Id '4c' -Title "$smallTitle download, -ThrottleLimit 4, vs lftp mirror" -ChartLabel 'small files download, 4 at once' `
                -FtpLite 'r4d.ftplite4' -Reference 'r4d.lftp' -Others 'r4d.lftp4' -Target 2.0 -TargetText '≥ 2× lftp'
            New-ComparisonRow -Id '4d' -Title "$smallTitle upload, -ThrottleLimit 4, vs lftp mirror -R" -ChartLabel 'small files upload, 4 at once' `
                -FtpLite 'r4u.ftplite4' -Reference 'r4u.lftp' -Others 'r4u.lftp4' -Target 2.0 -TargetText '≥ 2× lftp'
        }
        else {
            $why = 'not available'
            $note = 'Send-FtpLiteFile and Receive-FtpLiteFile have no -ThrottleLimit parameter yet.'
            New-PlaceholderRow '4c' "$smallTitle download, -ThrottleLimit 4, vs lftp mirror" 'small files download, 4 at once' "lftp: $(Format-Sample 'r4d.lftp' 0)" 2.0 '≥ 2× lftp' $why $note
            New-PlaceholderRow '4d' "$smallTitle upload, -ThrottleLimit 4, vs lftp mirror -R" 'small files upload, 4 at once' "lftp: $(Format-Sample 'r4u.lftp' 0)" 2.0 '≥ 2× lftp' $why
        }
    }
}
