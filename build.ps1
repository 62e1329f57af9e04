#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and benchmarks FtpLite.
.DESCRIPTION
    -Task Build  assembles the importable module at out/FtpLite/FtpLite.psd1, with its help built from
                 module/help by tools/Build-Help.ps1 (which fails when the help and the cmdlets disagree).
    -Task Test   builds, then runs the xunit tests and the Pester tests against the built module, and ends
                 with one line "N passed, N failed" over both.
    -Task Bench  builds, then runs the side-by-side benchmark (bench/Invoke-Benchmark.ps1).
    Run it with the pinned PowerShell: dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Bench only: small sizes, a few seconds; what CI runs so the harness does not rot.
    [switch] $Quick,

    # Test only: an xunit filter expression (dotnet test --filter) and Pester test files to run.
    [string] $Filter,
    [string[]] $PesterPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/FtpLite'
$testResults = Join-Path $root 'out/TestResults'

function Invoke-Native {
    param([string] $FilePath, [string[]] $Arguments)
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($Arguments -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    # Said first: on a fresh clone the restore and compile take a while with nothing else on the screen.
    Write-Host "Building the FtpLite module into $moduleOut (dotnet publish; a minute or so on a fresh clone)..."
    $publish = Join-Path $root 'out/publish'
    Remove-Item -Recurse -Force $publish, $moduleOut -ErrorAction Ignore
    # Plain IL, not ReadyToRun: precompiled code saved ~70 ms of start-up (which has no target), made the build
    # platform-specific, and did not make transfers faster: side-by-side 1 GiB uploads were, if anything, slower.
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/FtpLite.PowerShell/FtpLite.PowerShell.csproj'),
        '-c', $Configuration, '-o', $publish, '--nologo', '-v', 'quiet')
    New-Item -ItemType Directory -Force $moduleOut | Out-Null
    foreach ($name in 'FtpLite.dll', 'FtpLite.PowerShell.dll', 'FtpLite.xml') {
        Copy-Item (Join-Path $publish $name) $moduleOut
    }
    # module/help holds the help sources; Invoke-HelpBuild turns them into en-US/ below.
    Get-ChildItem (Join-Path $root 'module') -Exclude 'help' | Copy-Item -Destination $moduleOut -Recurse
    $manifest = Join-Path $moduleOut 'FtpLite.psd1'
    Test-ModuleManifest $manifest | Out-Null
    Invoke-HelpBuild $manifest
    Write-Host "Built $manifest"
}

function Invoke-HelpBuild {
    param([string] $Manifest)
    # Builds en-US/FtpLite.PowerShell.dll-Help.xml and the about topic from module/help, and fails when the
    # docs and the cmdlets disagree. A child process, because importing the module loads its DLLs, which
    # would stay loaded (and locked on Windows) in this one.
    $quote = { param($text) "'" + ($text -replace "'", "''") + "'" }
    $command = "`$ErrorView = 'NormalView'; & $(& $quote (Join-Path $root 'tools/Build-Help.ps1')) " +
        "-ModulePath $(& $quote $Manifest) -SourcePath $(& $quote (Join-Path $root 'module/help'))"
    $pwsh = (Get-Process -Id $PID).Path
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', $command)
    if ((Split-Path -Leaf $pwsh) -like 'dotnet*') {
        # Running as 'dotnet pwsh': start the same tool again (from the repository, where its manifest is).
        $arguments = @('pwsh') + $arguments
    }
    Push-Location $root
    try {
        & $pwsh @arguments | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Building the help failed with exit code $LASTEXITCODE (see above)." }
    }
    finally {
        Pop-Location
    }
}

function Get-PesterModulePath {
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/tools/tools.csproj'), '--nologo', '-v', 'quiet')
    $cache = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $pester = Join-Path $cache.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester 5.7.1 was not restored to $pester." }
    $pester
}

function Install-TestPeers {
    # The interop tests run real vsftpd, pyftpdlib, curl and lftp; install them where they are missing.
    if (-not $IsLinux) { Write-Warning 'The interop tests need Linux with vsftpd, pyftpdlib, curl and lftp.'; return }
    & /usr/bin/python3 -c 'import pyftpdlib' 2>$null
    $pyftpdlib = $LASTEXITCODE -eq 0
    & id -u ftplitepeer *>$null
    $peerUser = $LASTEXITCODE -eq 0
    $tools = @(Get-Command lftp, curl -ErrorAction Ignore).Count -eq 2
    if (-not ((Test-Path /usr/sbin/vsftpd) -and $tools -and $pyftpdlib -and $peerUser)) {
        Invoke-Native bash @((Join-Path $root 'tests/peers/install.sh'))
    }
}

function Invoke-XunitTests {
    $trx = Join-Path $testResults 'xunit.trx'
    Remove-Item $trx -ErrorAction Ignore
    $arguments = @('test', (Join-Path $root 'tests/FtpLite.Tests/FtpLite.Tests.csproj'), '-c', $Configuration, '--nologo',
        '--logger', 'trx;LogFileName=xunit.trx', '--logger', 'console;verbosity=minimal', '--results-directory', $testResults)
    if ($Filter) { $arguments += @('--filter', $Filter) }
    & dotnet @arguments | Out-Host
    if (-not (Test-Path $trx)) {
        Write-Warning 'xunit wrote no results (the test project did not build or the host crashed).'
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    # A crashed test host shows as fewer executed tests than total: count those as failures.
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted +
        ([int]$counters.total - [int]$counters.executed - [int]$counters.notExecuted)
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = $failed }
}

function Invoke-PesterTests {
    $pester = Get-PesterModulePath
    $resultFile = Join-Path $testResults 'pester.json'
    Remove-Item $resultFile -ErrorAction Ignore
    $paths = if ($PesterPath) { $PesterPath } else { Join-Path $root 'tests/Pester' }
    # A child process, so the tests import the built module fresh and nothing of this script leaks in.
    $script = {
        param($PesterModule, $Paths, $ResultFile, $ModulePath)
        Import-Module $PesterModule -Force
        $env:FTPLITE_MODULE = $ModulePath
        $config = New-PesterConfiguration
        $config.Run.Path = $Paths
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Normal'
        $result = Invoke-Pester -Configuration $config
        @{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount } |
            ConvertTo-Json | Set-Content $ResultFile
    }
    $pwsh = (Get-Process -Id $PID).Path
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', "& { $script } -PesterModule '$pester' -Paths @('$($paths -join "','")') -ResultFile '$resultFile' -ModulePath '$moduleOut/FtpLite.psd1'")
    if ((Split-Path -Leaf $pwsh) -like 'dotnet*') {
        # Running as 'dotnet pwsh': start the same tool again.
        $arguments = @('pwsh') + $arguments
    }
    # The child's output goes to the host: captured, it would become this function's return value.
    & $pwsh @arguments | Out-Host
    if (-not (Test-Path $resultFile)) {
        Write-Warning 'Pester wrote no results.'
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $counts = Get-Content -Raw $resultFile | ConvertFrom-Json
    [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed }
}

switch ($Task) {
    'Clean' {
        Remove-Item -Recurse -Force (Join-Path $root 'out') -ErrorAction Ignore
        Get-ChildItem $root -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
    }
    'Build' {
        Invoke-Build
    }
    'Test' {
        Invoke-Build
        Install-TestPeers
        New-Item -ItemType Directory -Force $testResults | Out-Null
        $xunit = if ($PesterPath -and -not $Filter) { [pscustomobject]@{ Passed = 0; Failed = 0 } } else { Invoke-XunitTests }
        $pester = if ($Filter -and -not $PesterPath) { [pscustomobject]@{ Passed = 0; Failed = 0 } } else { Invoke-PesterTests }
        Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
        $passed = $xunit.Passed + $pester.Passed
        $failed = $xunit.Failed + $pester.Failed
        Write-Output "$passed passed, $failed failed"
        if ($failed -gt 0) { exit 1 }
    }
    'Bench' {
        Invoke-Build
        & (Join-Path $root 'bench/Invoke-Benchmark.ps1') -ModulePath (Join-Path $moduleOut 'FtpLite.psd1') -Quick:$Quick
    }
}
