<#
    Runs the test runners for build.ps1 -Task Test and judges what they report, so that the closing line
    "N passed, N failed[, N skipped]" never looks green when a runner crashed, ran nothing, or wrote no results.

    A runner's result is one object: Name, Passed, Failed, Skipped and Problems (why the run cannot be trusted:
    a non-zero exit code, an outcome other than passed, a missing results file). Get-TestRunSummary adds them up,
    applies the floor (the least number of tests a run must execute), and counts every untrusted runner as at
    least one failure, whatever its counters say: a crashed host's counters only cover the tests it reported.

    tests/Pester/Build.Tests.ps1 drives these functions against real xunit projects made in a temporary folder.
#>
Set-StrictMode -Version Latest

function Get-TestProject {
    <# The test projects (.csproj referencing Microsoft.NET.Test.Sdk or marked IsTestProject) listed in a solution. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Solution)
    $folder = Split-Path -Parent (Resolve-Path -LiteralPath $Solution).ProviderPath
    foreach ($line in Get-Content -LiteralPath $Solution) {
        if ($line -notmatch '^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*",\s*"([^"]+\.csproj)"') { continue }
        $project = Join-Path $folder ($Matches[1] -replace '\\', '/')
        if (-not (Test-Path -LiteralPath $project)) { throw "The solution '$Solution' lists '$project', which does not exist." }
        $text = Get-Content -Raw -LiteralPath $project
        if ($text -match '<IsTestProject>\s*false\s*</IsTestProject>') { continue }
        if ($text -match 'Include="Microsoft\.NET\.Test\.Sdk"' -or $text -match '<IsTestProject>\s*true\s*</IsTestProject>') {
            $project
        }
    }
}

function Read-TrxResult {
    <# Judges one dotnet test run from its exit code and its TRX file. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [int] $ExitCode
    )
    $result = [pscustomobject]@{ Name = $Name; Passed = 0; Failed = 0; Skipped = 0; SkippedNames = [string[]]@(); Problems = [string[]]@() }
    $problems = [System.Collections.Generic.List[string]]::new()
    if ($ExitCode -ne 0) { $problems.Add("dotnet test exited with code $ExitCode") }
    if (-not (Test-Path -LiteralPath $Path)) {
        $problems.Add("no results file at $Path (the project did not build, or the runner died before writing it)")
    }
    else {
        try {
            $trx = [xml](Get-Content -Raw -LiteralPath $Path)
            $summary = $trx.SelectSingleNode('/*[local-name()="TestRun"]/*[local-name()="ResultSummary"]')
            $counters = $summary.SelectSingleNode('*[local-name()="Counters"]')
            $count = { param($name) [int]$counters.GetAttribute($name) }
            $result.Passed = & $count 'passed'
            $result.Failed = (& $count 'failed') + (& $count 'error') + (& $count 'timeout') + (& $count 'aborted')
            # A skipped xunit test is a result with outcome NotExecuted; the counters show it only as total - executed.
            $skipped = $trx.SelectNodes('//*[local-name()="UnitTestResult" and @outcome="NotExecuted"]')
            $result.Skipped = $skipped.Count
            $result.SkippedNames = [string[]]@($skipped | ForEach-Object { $_.GetAttribute('testName') })
            $outcome = $summary.GetAttribute('outcome')
        }
        catch {
            $outcome = $null
            $problems.Add("the results file $Path cannot be read: $_")
        }
        if ($null -ne $outcome -and $outcome -notin 'Completed', 'Passed') {
            # The run-level messages say why (for a crash: "Test host process crashed").
            $why = @($summary.SelectNodes('*[local-name()="RunInfos"]/*/*[local-name()="Text"]') |
                ForEach-Object { ($_.InnerText -split "`n")[0].Trim() } | Select-Object -First 2) -join ' / '
            $problems.Add("the results say '$outcome'" + $(if ($why) { ": $why" }))
        }
    }
    $result.Problems = $problems.ToArray()
    $result
}

function Invoke-XunitProject {
    <# Runs dotnet test on one project, writing <project name>.trx to -ResultsDirectory, and judges the run. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Project,
        [Parameter(Mandatory)] [string] $ResultsDirectory,
        [string] $Configuration = 'Release',
        [string] $Filter,
        [switch] $NoBuild,
        # Where the runner's output goes; the host when not given.
        [string] $LogPath
    )
    $name = [System.IO.Path]::GetFileNameWithoutExtension($Project)
    $trx = Join-Path $ResultsDirectory "$name.trx"
    $null = New-Item -ItemType Directory -Force -Path $ResultsDirectory
    Remove-Item -LiteralPath $trx -ErrorAction Ignore
    $arguments = @('test', $Project, '-c', $Configuration, '--nologo', '--logger', "trx;LogFileName=$name.trx",
        '--logger', 'console;verbosity=minimal', '--results-directory', $ResultsDirectory)
    if ($NoBuild) { $arguments += '--no-build' }
    if ($Filter) { $arguments += @('--filter', $Filter) }
    # The runner's output goes to the host or the log: captured, it would become this function's return value.
    if ($LogPath) { & dotnet @arguments *> $LogPath } else { & dotnet @arguments | Out-Host }
    Read-TrxResult -Name $name -Path $trx -ExitCode $LASTEXITCODE
}

function Read-PesterResult {
    <# Judges the Pester child process from its exit code and the JSON counts it wrote. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [int] $ExitCode
    )
    $result = [pscustomobject]@{ Name = 'Pester'; Passed = 0; Failed = 0; Skipped = 0; SkippedNames = [string[]]@(); Problems = [string[]]@() }
    $problems = [System.Collections.Generic.List[string]]::new()
    if ($ExitCode -ne 0) { $problems.Add("the Pester process exited with code $ExitCode") }
    if (-not (Test-Path -LiteralPath $Path)) {
        $problems.Add("no results file at $Path (the Pester process died before writing it)")
    }
    else {
        $counts = Get-Content -Raw -LiteralPath $Path | ConvertFrom-Json
        $result.Passed = [int]$counts.Passed
        $result.Failed = [int]$counts.Failed
        $result.Skipped = [int]$counts.Skipped
        $names = $counts.PSObject.Properties['SkippedNames']
        $result.SkippedNames = [string[]]@(if ($names) { $names.Value | Where-Object { $_ } })
        if ($counts.Result -ne 'Passed') { $problems.Add("the results say '$($counts.Result)'") }
    }
    $result.Problems = $problems.ToArray()
    $result
}

function Invoke-PesterRun {
    <# Runs Pester in a child process (a fresh import of the built module, nothing of the caller leaks in) and judges it. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $PesterModule,
        [Parameter(Mandatory)] [string[]] $Path,
        [Parameter(Mandatory)] [string] $ResultsDirectory,
        [Parameter(Mandatory)] [string] $ModulePath
    )
    $resultFile = Join-Path $ResultsDirectory 'pester.json'
    Remove-Item -LiteralPath $resultFile -ErrorAction Ignore
    $script = {
        param($PesterModule, $Paths, $ResultFile, $ModulePath)
        Import-Module $PesterModule -Force
        $env:FTPLITE_MODULE = $ModulePath
        $config = New-PesterConfiguration
        $config.Run.Path = $Paths
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Normal'
        $result = Invoke-Pester -Configuration $config
        @{
            Result = $result.Result
            Passed = $result.PassedCount
            Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
            Skipped = $result.SkippedCount
            SkippedNames = @($result.Skipped | ForEach-Object { $_.ExpandedPath })
        } | ConvertTo-Json | Set-Content $ResultFile
    }
    $quote = { param($text) "'" + ($text -replace "'", "''") + "'" }
    $paths = ($Path | ForEach-Object { & $quote $_ }) -join ','
    $command = "& { $script } -PesterModule $(& $quote $PesterModule) -Paths @($paths) " +
        "-ResultFile $(& $quote $resultFile) -ModulePath $(& $quote $ModulePath)"
    $pwsh = (Get-Process -Id $PID).Path
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', $command)
    if ((Split-Path -Leaf $pwsh) -like 'dotnet*') {
        # Running as 'dotnet pwsh': start the same tool again.
        $arguments = @('pwsh') + $arguments
    }
    & $pwsh @arguments | Out-Host
    Read-PesterResult -Path $resultFile -ExitCode $LASTEXITCODE
}

function Get-TestFloor {
    <# The least number of tests a full run must execute: the one number in the floor file (lines with # are notes). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    $numbers = @(Get-Content -LiteralPath $Path | Where-Object { $_ -notmatch '^\s*(#|$)' } | ForEach-Object { $_.Trim() })
    if ($numbers.Count -ne 1 -or $numbers[0] -notmatch '^\d+$') { throw "The test floor file '$Path' must hold one whole number." }
    [int]$numbers[0]
}

function Get-TestRunSummary {
    <#
        Adds up the runners' results into the closing line. A runner with a problem counts as at least one
        failure, and so does a run that executed fewer than -Floor tests (passed + failed; skipped tests did
        not run). Success is true only when nothing failed and nothing is in doubt.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Result,
        [int] $Floor = 1
    )
    $problems = [System.Collections.Generic.List[string]]::new()
    $passed = 0; $failed = 0; $skipped = 0; $ran = 0
    foreach ($runner in $Result) {
        $ran += $runner.Passed + $runner.Failed
        $passed += $runner.Passed
        $skipped += $runner.Skipped
        $failed += if ($runner.Problems.Count -gt 0) { [Math]::Max($runner.Failed, 1) } else { $runner.Failed }
        foreach ($problem in $runner.Problems) { $problems.Add("$($runner.Name): $problem") }
    }
    if ($ran -lt $Floor) {
        $problems.Add("only $ran tests ran, fewer than the floor of $Floor")
        $failed = [Math]::Max($failed, 1)
    }
    $line = "$passed passed, $failed failed" + $(if ($skipped -gt 0) { ", $skipped skipped" })
    [pscustomobject]@{
        Passed = $passed; Failed = $failed; Skipped = $skipped; Problems = $problems.ToArray()
        Line = $line; Success = ($failed -eq 0 -and $problems.Count -eq 0)
    }
}

Export-ModuleMember -Function Get-TestProject, Read-TrxResult, Invoke-XunitProject, Read-PesterResult, Invoke-PesterRun,
    Get-TestFloor, Get-TestRunSummary
