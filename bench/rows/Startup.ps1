# Row 8: start-up: a fresh pwsh imports the module, connects and does a 4 KiB round trip, vs one curl command.
@{
    Ids      = '8'
    Compares = 'start-up: a fresh pwsh running bench/StartupRoundTrip.ps1 (Import-Module, Connect-FtpLite, 4 KiB up and down) vs one curl command doing the same, against vsftpd'
    Method   = 'Row 8 times whole processes from outside: a fresh pwsh running bench/StartupRoundTrip.ps1 against vsftpd, and one curl command doing the upload and the download (--next).'
    Measure  = {
        Write-Step 'Row 8: start-up: fresh pwsh with Import-Module, Connect-FtpLite and a 4 KiB round trip, vs curl'
        $launch = $script:Launch
        $rtDown = Join-Path $client 'rt-down.bin'
        foreach ($run in 1..$cfg.ShortRuns) {
            Confirm-Server vsftpd
            $vs = $servers['vsftpd'].Port
            $times = @{}
            $times.pwsh = Measure-Sample 'r8.pwsh' $run {
                (Invoke-Checked $launch[0] (@($launch | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', 'exit 0')) 120).Seconds
            }
            foreach ($who in 'ftplite', 'curl') {
                Remove-Item -LiteralPath $rtDown -Force -ErrorAction Ignore
                $times[$who] = Measure-Sample "r8.$who" $run {
                    $seconds = if ($who -eq 'ftplite') {
                        $arguments = @($launch | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $bench 'StartupRoundTrip.ps1'),
                            '-ModulePath', $ModulePath, '-Port', "$vs", '-User', $script:PeerUser, '-Password', $script:PeerPassword,
                            '-Local', $rt, '-Remote', '/rt/ftplite.bin', '-Download', $rtDown)
                        (Invoke-Checked $launch[0] $arguments 120).Seconds
                    }
                    else {
                        $url = "ftp://127.0.0.1:$vs/rt/curl.bin"
                        $login = "${script:PeerUser}:$script:PeerPassword"
                        (Invoke-Checked curl @('-sS', '--max-time', '60', '-u', $login, '-T', $rt, $url, '--next', '-sS', '--max-time', '60', '-u', $login, '-o', $rtDown, $url) 90).Seconds
                    }
                    Assert-SameContent $rt $rtDown "round trip by $who"
                    $seconds
                }
            }
            Write-Step ("  run {0} FtpLite {1}, curl {2}, empty pwsh {3}" -f $run, (Format-Seconds ([double]$times.ftplite)),
                (Format-Seconds ([double]$times.curl)), (Format-Seconds ([double]$times.pwsh)))
        }
    }
    Report   = {
        $pwshMedian = Get-SampleMedian 'r8.pwsh'
        New-ComparisonRow -Id '8' -Title 'Start-up: fresh pwsh, Import-Module, Connect-FtpLite, 4 KiB up + down (vsftpd) vs curl up + down' -ChartLabel 'start-up round trip vs curl' `
            -FtpLite 'r8.ftplite' -Reference 'r8.curl' -TargetText '— (no target)' `
            -Note $(if ($null -ne $pwshMedian) { "An empty ``pwsh -NoProfile -Command exit 0`` takes $(Format-Seconds $pwshMedian) of that on this machine." })
    }
}
