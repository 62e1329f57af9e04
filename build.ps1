#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and benchmarks FtpLite.
.DESCRIPTION
    -Task Build  assembles the importable module at out/FtpLite/FtpLite.psd1, with its help built from
                 module/help by tools/Build-Help.ps1 (which fails when the help and the cmdlets disagree).
    -Task Test   builds, then runs every test project in FtpLite.sln and the Pester tests against the built
                 module, and ends with one line "N passed, N failed[, N skipped]" over all. It fails when a runner
                 exits non-zero, reports anything but success, writes no results, or a full run executes fewer
                 tests than tests/test-floor.txt (tools/TestRun.psm1 judges).
    -Task Bench  builds, then runs the side-by-side benchmark (bench/Invoke-Benchmark.ps1).
    -Task Package  builds, then packs out/FtpLite into out/FtpLite.<version>.nupkg (tools/Build-Package.ps1) through
                 a temporary local repository; Install-PSResource takes it from any local repository.
    Run it with the pinned PowerShell: dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Bench', 'Package', 'Clean')]
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
    # AWSSDK.*: the S3 storage backend's SDK, loaded only when a server is started on S3.
    foreach ($name in 'FtpLite.dll', 'FtpLite.PowerShell.dll', 'FtpLite.xml', 'AWSSDK.Core.dll', 'AWSSDK.S3.dll') {
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
    # The interop tests run real vsftpd, pyftpdlib, curl, lftp and a Ceph RADOS Gateway; install them where they are missing.
    if (-not $IsLinux) { Write-Warning 'The interop tests need Linux with vsftpd, pyftpdlib, curl and lftp.'; return }
    & /usr/bin/python3 -c 'import pyftpdlib' 2>$null
    $pyftpdlib = $LASTEXITCODE -eq 0
    & id -u ftplitepeer *>$null
    $peerUser = $LASTEXITCODE -eq 0
    $tools = @(Get-Command lftp, curl, radosgw, ceph-mon, ceph-osd, ceph -ErrorAction Ignore).Count -eq 6
    if (-not ((Test-Path /usr/sbin/vsftpd) -and $tools -and $pyftpdlib -and $peerUser)) {
        Invoke-Native bash @((Join-Path $root 'tests/peers/install.sh'))
    }
}

function Invoke-AllTests {
    # Every test project in FtpLite.sln, then Pester; tools/TestRun.psm1 judges the runs (see there why a count
    # alone is not trusted). The floor applies to the full run only: a filtered run need only run one test.
    Import-Module (Join-Path $root 'tools/TestRun.psm1') -Force
    New-Item -ItemType Directory -Force $testResults | Out-Null
    $results = @()
    if ($Filter -or -not $PesterPath) {
        $projects = @(Get-TestProject -Solution (Join-Path $root 'FtpLite.sln'))
        if ($projects.Count -eq 0) { throw 'FtpLite.sln lists no test project.' }
        foreach ($project in $projects) {
            $results += Invoke-XunitProject -Project $project -ResultsDirectory $testResults -Configuration $Configuration -Filter $Filter
        }
    }
    if ($PesterPath -or -not $Filter) {
        $paths = if ($PesterPath) { $PesterPath } else { Join-Path $root 'tests/Pester' }
        $results += Invoke-PesterRun -PesterModule (Get-PesterModulePath) -Path $paths -ResultsDirectory $testResults `
            -ModulePath (Join-Path $moduleOut 'FtpLite.psd1')
    }
    $floorFile = Join-Path $root 'tests/test-floor.txt'
    $floor = Get-TestFloor -Path $floorFile
    if ($Filter -or $PesterPath) {
        Write-Host "A narrowed run (-Filter/-PesterPath): the floor of $floor tests from tests/test-floor.txt does not apply; at least one test must run."
        $floor = 1
    }
    foreach ($runner in $results) {
        Write-Host "$($runner.Name): $($runner.Passed) passed, $($runner.Failed) failed, $($runner.Skipped) skipped"
        # Skips are named, so that a skipped test is a visible decision, never a quiet loss.
        foreach ($name in $runner.SkippedNames) { Write-Host "  skipped: $name" }
    }
    $summary = Get-TestRunSummary -Result $results -Floor $floor
    foreach ($problem in $summary.Problems) { Write-Host "FAILED: $problem" }
    Write-Output $summary.Line
    if (-not $summary.Success) { exit 1 }
}

function Invoke-Package {
    # A child process whose PSResourceGet settings live in a throw-away folder (XDG_DATA_HOME moves them on Linux and
    # macOS), so the temporary repository Build-Package.ps1 registers never enters the user's list of repositories,
    # even if the build is killed. Windows has no such switch: there the script unregisters the repository itself.
    $settings = Join-Path ([System.IO.Path]::GetTempPath()) "ftplite-package-settings-$([guid]::NewGuid().ToString('n'))"
    $pwsh = (Get-Process -Id $PID).Path
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tools/Build-Package.ps1'),
        '-ModulePath', $moduleOut, '-DestinationPath', (Join-Path $root 'out'))
    if ((Split-Path -Leaf $pwsh) -like 'dotnet*') {
        # Running as 'dotnet pwsh': start the same tool again (from the repository, where its manifest is).
        $arguments = @('pwsh') + $arguments
    }
    $savedDataHome = $env:XDG_DATA_HOME
    Push-Location $root
    try {
        # It must exist: .NET gives no data folder for a missing one, and PSResourceGet then writes to the current folder.
        if (-not $IsWindows) { $env:XDG_DATA_HOME = (New-Item -ItemType Directory -Path $settings).FullName }
        & $pwsh @arguments | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Packaging failed with exit code $LASTEXITCODE (see above)." }
    }
    finally {
        $env:XDG_DATA_HOME = $savedDataHome
        Pop-Location
        Remove-Item -LiteralPath $settings -Recurse -Force -ErrorAction Ignore
    }
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
        Invoke-AllTests
    }
    'Package' {
        Invoke-Build
        Invoke-Package
    }
    'Bench' {
        Invoke-Build
        & (Join-Path $root 'bench/Invoke-Benchmark.ps1') -ModulePath (Join-Path $moduleOut 'FtpLite.psd1') -Quick:$Quick
    }
}
