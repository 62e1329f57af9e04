# Row 10: Import-Module alone, timed with a Stopwatch inside a fresh pwsh, against a budget; an empty module beside it.
@{
    Ids      = '10'
    Compares = 'Import-Module FtpLite in a fresh pwsh -NoProfile (bench/ImportModuleTime.ps1) against a budget of 150 ms, an empty module manifest shown'
    Method   = 'Row 10 starts a fresh pwsh -NoProfile for each sample (bench/ImportModuleTime.ps1) and times Import-Module alone with a Stopwatch inside it, FtpLite and an empty module manifest taking turns; the budget is 150 ms.'
    Measure  = {
        Write-Step 'Row 10: Import-Module in a fresh pwsh (Stopwatch around it), FtpLite vs an empty module'
        # The empty module (a manifest that exports nothing) is the floor: what PowerShell's own module machinery costs
        # the first time a process imports anything. They take turns to go first.
        $launch = $script:Launch
        $emptyModule = Join-Path $work 'empty-module/EmptyModule.psd1'
        $null = New-Item -ItemType Directory -Force (Split-Path -Parent $emptyModule)
        Set-Content -LiteralPath $emptyModule -Value "@{ ModuleVersion = '1.0.0'; FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"
        foreach ($run in 1..$cfg.ShortRuns) {
            $times = @{}
            foreach ($who in (Get-TurnOrder $run 'ftplite', 'empty')) {
                $times[$who] = Measure-Sample "r10.$who" $run {
                    $path = if ($who -eq 'ftplite') { $ModulePath } else { $emptyModule }
                    $arguments = @($launch | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $bench 'ImportModuleTime.ps1'), '-ModulePath', $path)
                    [double]::Parse((Invoke-Checked $launch[0] $arguments 120).Stdout.Trim(), $inv)
                }
            }
            Write-Step ("  run {0} Import-Module FtpLite {1:0} ms, empty module {2:0} ms" -f $run, [double]$times.ftplite, [double]$times.empty)
        }
    }
    Report   = {
        $ftplite = Get-SampleMedian 'r10.ftplite'
        $empty = Get-SampleMedian 'r10.empty'
        New-BudgetRow -Id '10' -Title 'Import-Module FtpLite in a fresh pwsh -NoProfile (Stopwatch around Import-Module)' -ChartLabel 'Import-Module (150 ms ÷ FtpLite)' `
            -Key 'r10.ftplite' -Budget 150 -Floor 1 -TargetText '< 150 ms' `
            -FtpLite $(if ($null -ne $ftplite) { '{0:0} ms' -f $ftplite } elseif (Get-SampleErrors 'r10.ftplite') { 'failed' } else { 'not measured' }) `
            -Reference "empty module: $(if ($null -ne $empty) { '{0:0} ms' -f $empty } else { 'not measured' })" `
            -Note "The empty module (a manifest that exports nothing) is what PowerShell's own module machinery costs the first import of a process; FtpLite's own share is the difference."
    }
}
