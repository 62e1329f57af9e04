<#
    Smoke test of the benchmark harness (bench/Invoke-Benchmark.ps1), so it does not rot: one -Quick run against
    the built module ($env:FTPLITE_MODULE), in a child pwsh, into a temporary results folder. It checks that the
    harness succeeds and that its report has a figure for every row; it never checks a timing or a ratio
    (timings are no pass/fail matter). Linux and root only, like the harness (vsftpd, pyftpdlib, /proc).
#>
BeforeDiscovery {
    $rowIds = @('1', '2', '3a', '3b', '4a', '4b', '4c', '4d', '5a', '5b', '5c', '6a', '6b', '6c', '7', '8', '9', '9b', '10')
}

Describe 'The benchmark harness, -Quick' -Skip:(-not $IsLinux) {
    BeforeAll {
        $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
        $harness = Join-Path $repoRoot 'bench/Invoke-Benchmark.ps1'
        $modulePath = if ($env:FTPLITE_MODULE) { $env:FTPLITE_MODULE } else { Join-Path $repoRoot 'out/FtpLite/FtpLite.psd1' }
        $timeoutSec = 900
        $resultsDir = Join-Path ([System.IO.Path]::GetTempPath()) "ftplite-bench-smoke-$([Guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Force $resultsDir

        # The same PowerShell: 'dotnet pwsh' is started again as 'dotnet pwsh' (from the repository, where the tool
        # manifest is), as build.ps1 starts its Pester child.
        $pwsh = (Get-Process -Id $PID).Path
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $harness, '-ModulePath', $modulePath, '-Quick', '-ResultsDirectory', $resultsDir)
        if ((Split-Path -Leaf $pwsh) -like 'dotnet*') { $arguments = @('pwsh') + $arguments }
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($argument in $arguments) { $psi.ArgumentList.Add($argument) }
        $psi.WorkingDirectory = $repoRoot
        $psi.UseShellExecute = $false
        $psi.RedirectStandardInput = $true
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $process = [System.Diagnostics.Process]::Start($psi)
        try {
            $process.StandardInput.Close()
            $stdoutTask = $process.StandardOutput.ReadToEndAsync()
            $stderrTask = $process.StandardError.ReadToEndAsync()
            $timedOut = -not $process.WaitForExit($timeoutSec * 1000)
            if ($timedOut) {
                # The whole tree: the harness's servers and workers are its descendants.
                $process.Kill($true)
                $null = $process.WaitForExit(30000)
            }
            $process.WaitForExit()
            $exitCode = if ($timedOut) { -1 } else { $process.ExitCode }
            $stdout = $stdoutTask.GetAwaiter().GetResult()
            $stderr = $stderrTask.GetAwaiter().GetResult()
        }
        finally {
            $process.Dispose()
        }
        $clock.Stop()
        $output = "$stdout`n$stderr"
        # What the harness printed, for the reader of a failure (last lines only).
        $tail = (($output -split "`n") | Select-Object -Last 40) -join "`n"
        Write-Host "Benchmark harness (-Quick) finished in $([Math]::Round($clock.Elapsed.TotalSeconds)) s with exit code $exitCode."

        # Its scratch folder: the harness removes it itself, unless it was killed.
        $scratch = if ($stdout -match '(?m)scratch folder (.+?)\s*$') { $Matches[1] } else { $null }

        $report = Join-Path $resultsDir 'quick.md'
        $reportRows = @{}
        if (Test-Path -LiteralPath $report) {
            foreach ($line in Get-Content -LiteralPath $report) {
                # | # | Row | FtpLite | Compared with | Other peers | Ratio | Target | Result |   ('\|' inside a cell is escaped)
                if ($line -notmatch '^\| ') { continue }
                $cells = @(($line.Trim().Trim('|') -split '(?<!\\)\|') | ForEach-Object { $_.Trim() })
                if ($cells.Count -ne 8 -or $cells[0] -in '#', '---') { continue }
                $reportRows[$cells[0]] = [pscustomobject]@{ Id = $cells[0]; FtpLite = $cells[2]; Ratio = $cells[5]; Result = $cells[7]; Line = $line }
            }
        }
    }

    AfterAll {
        if ($resultsDir) { Remove-Item -LiteralPath $resultsDir -Recurse -Force -ErrorAction Ignore }
        if ($scratch -and $scratch.StartsWith((Join-Path $repoRoot 'bench/work/')) -and (Test-Path -LiteralPath $scratch)) {
            Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction Ignore
        }
    }

    It 'exits with code 0 within the time-out' {
        $timedOut | Should -BeFalse -Because "it must finish within $timeoutSec s:`n$tail"
        $exitCode | Should -Be 0 -Because "it failed:`n$tail"
    }

    It 'writes the report and the chart into -ResultsDirectory' {
        Join-Path $resultsDir 'quick.md' | Should -Exist
        Join-Path $resultsDir 'quick.svg' | Should -Exist
        (Get-Content -Raw (Join-Path $resultsDir 'quick.svg')) | Should -Match '^<svg '
    }

    It 'removes its scratch folder' {
        $scratch | Should -Not -BeNullOrEmpty -Because 'the harness names its scratch folder on its first line'
        $scratch | Should -Not -Exist
    }

    It 'reports row <_> with a figure, not FAIL' -ForEach $rowIds {
        $reportRows.ContainsKey($_) | Should -BeTrue -Because "the report must list row $_ (rows found: $($reportRows.Keys -join ', '))"
        $row = $reportRows[$_]
        $row.Result | Should -Not -Match 'FAIL|failed' -Because $row.Line
        # A ratio, or else a number for FtpLite: what the figure is does not matter here.
        ($row.Ratio -match '^\d+(\.\d+)?×' -or $row.FtpLite -match '^\d') | Should -BeTrue -Because "row $_ needs a figure: $($row.Line)"
    }
}

Describe 'The benchmark harness, -Row' -Skip:(-not $IsLinux) {
    It 'refuses a row id it does not have, naming the ones it has, before it starts anything' {
        $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
        $harness = Join-Path $repoRoot 'bench/Invoke-Benchmark.ps1'
        $modulePath = if ($env:FTPLITE_MODULE) { $env:FTPLITE_MODULE } else { Join-Path $repoRoot 'out/FtpLite/FtpLite.psd1' }

        # In this process: the harness throws before it installs, writes or starts anything.
        $results = Join-Path ([System.IO.Path]::GetTempPath()) "ftplite-bench-row-$([Guid]::NewGuid().ToString('N'))"
        { & $harness -ModulePath $modulePath -Quick -Row '1,99' -ResultsDirectory $results } |
            Should -Throw -ExpectedMessage 'No bench row 99; the rows are 1, 2, 3a, 3b, 4a, 4b, 4c, 4d, 5a, 5b, 5c, 6a, 6b, 6c, 7, 8, 9, 9b, 10.'
        $results | Should -Not -Exist
    }
}
