<#
    The judge of build.ps1 -Task Test (tools/TestRun.psm1): a crashed test host, a run with zero tests, a missing
    results file or a runner's non-zero exit can never end in a green line, and a skipped test is reported as
    skipped, not failed. The runs are real: two tiny xunit projects (same package versions as FtpLite.Tests),
    written to a temporary folder and built once, offline from the NuGet cache. They are not in FtpLite.sln,
    so the Test task never runs them as part of the suite.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/../../tools/TestRun.psm1" -Force

    function New-SelfTestProject {
        <# Writes an xunit project named -Name with the given C# source (none: a project with zero tests). #>
        param([string] $Folder, [string] $Name, [string] $Source)
        $project = Join-Path $Folder "$Name/$Name.csproj"
        $null = New-Item -ItemType Directory -Path (Split-Path $project)
        Set-Content -LiteralPath $project -Value @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsPackable>false</IsPackable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
  </ItemGroup>
</Project>
'@
        if ($Source) { Set-Content -LiteralPath (Join-Path (Split-Path $project) 'Tests.cs') -Value $Source }
        # Offline: the packages are in the NuGet cache, restored there for FtpLite.Tests.
        $cache = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
        $log = & dotnet build $project -c Release --nologo -v quiet --source $cache 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the self-test project $Name failed:`n$($log -join "`n")" }
        $project
    }

    function Invoke-SelfTestRun {
        <# Runs one self-test project through the build's runner; the runner's output goes to a log beside it. #>
        param([string] $Project, [string] $Filter)
        $arguments = @{ Project = $Project; ResultsDirectory = $script:Results; NoBuild = $true; LogPath = Join-Path $script:Results 'runner.log' }
        if ($Filter) { $arguments.Filter = $Filter }
        Invoke-XunitProject @arguments
    }

    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ('ftplite-build-selftest-' + [guid]::NewGuid().ToString('n').Substring(0, 12))
    $null = New-Item -ItemType Directory -Path $script:Folder
    $script:Results = Join-Path $script:Folder 'results'
}

AfterAll {
    Remove-Item -LiteralPath $Folder -Recurse -Force -ErrorAction Ignore
}

Describe 'The Test task against real xunit runs' {
    BeforeAll {
        # Tests run in name order (one class: one at a time), so the passing ones come before the crash.
        $script:Steps = New-SelfTestProject -Folder $script:Folder -Name 'Steps' -Source @'
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCaseOrderer("Steps.ByName", "Steps")]

namespace Steps;

public sealed class ByName : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}

public class Steps
{
    [Fact, Trait("Case", "crash"), Trait("Case", "skip")] public void A1_Passes() => Assert.Equal(2, 1 + 1);
    [Fact, Trait("Case", "crash")] public void A2_Passes() => Assert.Equal(4, 2 + 2);
    [Fact(Skip = "skipped on purpose"), Trait("Case", "skip")] public void B_IsSkipped() { }
    [Fact, Trait("Case", "crash")] public void C_CrashesTheHost() => Environment.FailFast("self-test: the test host crashes on purpose");
    [Fact, Trait("Case", "crash")] public void D_NeverRuns() { }
}
'@
        $script:Empty = New-SelfTestProject -Folder $script:Folder -Name 'Empty' -Source $null
    }

    It 'fails a run whose test host crashes with Environment.FailFast, whatever the counters say' {
        $result = Invoke-SelfTestRun -Project $Steps -Filter 'Case=crash'

        $result.Problems | Should -Contain 'dotnet test exited with code 1'
        $result.Problems -like "the results say 'Failed': *Test host process crashed*" | Should -HaveCount 1
        $summary = Get-TestRunSummary -Result $result
        $summary.Success | Should -BeFalse
        # The host reports its passed tests in batches: 0 or 2 of them reach the results before it dies.
        $summary.Line | Should -Match '^[02] passed, 1 failed$'
    }

    It 'fails a run of a project with zero tests' {
        $result = Invoke-SelfTestRun -Project $Empty

        $result.Problems | Should -BeNullOrEmpty
        $summary = Get-TestRunSummary -Result $result -Floor 1
        $summary.Line | Should -Be '0 passed, 1 failed'
        $summary.Problems | Should -Be @('only 0 tests ran, fewer than the floor of 1')
        $summary.Success | Should -BeFalse
    }

    It 'fails a run whose results file is missing' {
        # A project that is not there: dotnet test writes no TRX. Judged from the exit code too, so the
        # missing file is also judged alone below.
        $result = Invoke-SelfTestRun -Project (Join-Path $Folder 'Missing/Missing.csproj')

        $result.Problems -like 'no results file at *' | Should -HaveCount 1
        (Get-TestRunSummary -Result $result).Line | Should -Be '0 passed, 1 failed'
    }

    It 'reports a skipped test as skipped, not failed' {
        $result = Invoke-SelfTestRun -Project $Steps -Filter 'Case=skip'

        $result.Problems | Should -BeNullOrEmpty
        # A skip is named, never a quiet loss.
        $result.SkippedNames.Count | Should -Be 1
        $result.SkippedNames[0] | Should -Match '\.B_IsSkipped$'
        $summary = Get-TestRunSummary -Result $result
        $summary.Line | Should -Be '1 passed, 0 failed, 1 skipped'
        $summary.Success | Should -BeTrue
    }
}

Describe 'Judging one runner' {
    BeforeAll {
        $script:Trx = Join-Path $Folder 'judge.trx'
        function Set-Trx {
            <# A TRX as dotnet test writes it, reduced to what the judge reads. #>
            param([string] $Outcome, [int] $Passed, [int] $Failed = 0, [string] $Why = '')
            $runInfos = if ($Why) { "<RunInfos><RunInfo outcome=""Error""><Text>$Why</Text></RunInfo></RunInfos>" }
            Set-Content -LiteralPath $Trx -Value @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="$Outcome">
    <Counters total="$($Passed + $Failed)" executed="$($Passed + $Failed)" passed="$Passed" failed="$Failed" error="0" timeout="0" aborted="0" notExecuted="0" />
    $runInfos
  </ResultSummary>
</TestRun>
"@
        }
    }

    It 'fails when the outcome is not passed, though the exit code is 0 and the counters are green' {
        Set-Trx -Outcome 'Failed' -Passed 2 -Why 'The active test run was aborted. Reason: Test host process crashed'

        $result = Read-TrxResult -Name 'X' -Path $Trx -ExitCode 0

        $result.Problems | Should -Be @("the results say 'Failed': The active test run was aborted. Reason: Test host process crashed")
        (Get-TestRunSummary -Result $result).Line | Should -Be '2 passed, 1 failed'
    }

    It 'fails when dotnet test exits non-zero, though the results are green' {
        Set-Trx -Outcome 'Completed' -Passed 3

        $result = Read-TrxResult -Name 'X' -Path $Trx -ExitCode 1

        $result.Problems | Should -Be @('dotnet test exited with code 1')
        (Get-TestRunSummary -Result $result).Line | Should -Be '3 passed, 1 failed'
    }

    It 'fails when the results file is missing, though the exit code is 0' {
        $result = Read-TrxResult -Name 'X' -Path (Join-Path $Folder 'absent.trx') -ExitCode 0

        $result.Problems -like 'no results file at *absent.trx*' | Should -HaveCount 1
        (Get-TestRunSummary -Result $result).Line | Should -Be '0 passed, 1 failed'
    }

    It 'counts real failures as they are, not one more' {
        Set-Trx -Outcome 'Failed' -Passed 5 -Failed 3

        $result = Read-TrxResult -Name 'X' -Path $Trx -ExitCode 1

        (Get-TestRunSummary -Result $result).Line | Should -Be '5 passed, 3 failed'
    }

    It 'fails the Pester run when its process exits non-zero, writes no results or says it failed' {
        $json = Join-Path $Folder 'pester.json'
        @{ Result = 'Passed'; Passed = 4; Failed = 0; Skipped = 1; SkippedNames = @('A.b') } | ConvertTo-Json | Set-Content -LiteralPath $json

        (Read-PesterResult -Path $json -ExitCode 0).SkippedNames | Should -Be @('A.b')
        (Get-TestRunSummary -Result (Read-PesterResult -Path $json -ExitCode 0)).Line | Should -Be '4 passed, 0 failed, 1 skipped'
        (Get-TestRunSummary -Result (Read-PesterResult -Path $json -ExitCode 3)).Line | Should -Be '4 passed, 1 failed, 1 skipped'
        (Get-TestRunSummary -Result (Read-PesterResult -Path "$json.absent" -ExitCode 0)).Line | Should -Be '0 passed, 1 failed'
        @{ Result = 'Failed'; Passed = 4; Failed = 0; Skipped = 0 } | ConvertTo-Json | Set-Content -LiteralPath $json
        (Get-TestRunSummary -Result (Read-PesterResult -Path $json -ExitCode 0)).Line | Should -Be '4 passed, 1 failed'
    }
}

Describe 'Judging the whole run' {
    It 'fails a run that executed fewer tests than the floor' {
        $runners = @(
            [pscustomobject]@{ Name = 'A'; Passed = 500; Failed = 0; Skipped = 3; Problems = [string[]]@() }
            [pscustomobject]@{ Name = 'B'; Passed = 199; Failed = 0; Skipped = 0; Problems = [string[]]@() }
        )

        $summary = Get-TestRunSummary -Result $runners -Floor 700

        $summary.Line | Should -Be '699 passed, 1 failed, 3 skipped'
        $summary.Problems | Should -Be @('only 699 tests ran, fewer than the floor of 700')
        (Get-TestRunSummary -Result $runners -Floor 699).Success | Should -BeTrue
    }

    It 'keeps the floor in tests/test-floor.txt, one whole number near 90% of the full run' {
        Get-TestFloor -Path "$PSScriptRoot/../test-floor.txt" | Should -BeGreaterThan 0
    }

    It 'runs every test project in the solution, and only those' {
        $folder = Join-Path $Folder 'solution'
        foreach ($name in 'Lib', 'One.Tests', 'Two.Tests') { $null = New-Item -ItemType Directory -Force (Join-Path $folder "src/$name") }
        Set-Content (Join-Path $folder 'src/Lib/Lib.csproj') '<Project Sdk="Microsoft.NET.Sdk" />'
        Set-Content (Join-Path $folder 'src/One.Tests/One.Tests.csproj') '<Project><ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" /></ItemGroup></Project>'
        Set-Content (Join-Path $folder 'src/Two.Tests/Two.Tests.csproj') '<Project><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>'
        Set-Content (Join-Path $folder 'X.sln') @'
Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Lib", "src\Lib\Lib.csproj", "{1}"
EndProject
Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "tests", "tests", "{2}"
EndProject
Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "One.Tests", "src\One.Tests\One.Tests.csproj", "{3}"
EndProject
Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Two.Tests", "src\Two.Tests\Two.Tests.csproj", "{4}"
EndProject
'@

        $projects = Get-TestProject -Solution (Join-Path $folder 'X.sln')

        $projects | ForEach-Object { Split-Path -Leaf $_ } | Should -Be @('One.Tests.csproj', 'Two.Tests.csproj')
    }
}
