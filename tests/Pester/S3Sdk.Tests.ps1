<#
    The AWS SDK behind Start-FtpLiteServer -S3Bucket: the built module carries it, and nothing of it is loaded
    by importing the module and serving a folder (checked in a fresh pwsh, whose loaded assemblies are its own).
    What the S3 backend does is tested in xunit against a real Ceph gateway (tests/FtpLite.Tests/S3).
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    . (Join-Path (Get-FtpLiteRepoRoot) 'bench/lib/Processes.ps1')
    $script:moduleDir = Split-Path (Get-Module FtpLite).Path
    $script:manifest = Join-Path $moduleDir 'FtpLite.psd1'
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'The AWS SDK in the FtpLite module' {
    It 'ships AWSSDK.Core.dll and AWSSDK.S3.dll beside FtpLite.dll' {
        foreach ($name in 'AWSSDK.Core.dll', 'AWSSDK.S3.dll') {
            Join-Path $moduleDir $name | Should -Exist -Because "-S3Bucket needs $name"
        }
    }

    It 'is not loaded by importing the module and serving a folder' {
        $root = New-TestFolder -Prefix 'ftplite-s3sdk'
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module $args[0]
$server = Start-FtpLiteServer -Root $args[1] -Port 0
$session = Connect-FtpLite -ComputerName 127.0.0.1 -Port $server.Port
Get-FtpLiteItem -Session $session -Path / | Out-Null
Disconnect-FtpLite -Session $session
$server | Stop-FtpLiteServer
'LOADED ' + (([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { $_ -like 'FtpLite*' -or $_ -like 'AWSSDK*' } | Sort-Object) -join ',')
'@
        $file = Join-Path $root 'load-check.ps1'
        Set-Content -LiteralPath $file -Value $script
        $launch = Get-PwshLaunch
        $arguments = @($launch | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file, $manifest, $root)
        $run = Invoke-Tool -FilePath $launch[0] -ArgumentList $arguments -TimeoutSec 120
        $run.ExitCode | Should -Be 0 -Because "$($run.Stdout)`n$($run.Stderr)"
        $loaded = @($run.Stdout -split "`r?`n" | Where-Object { $_.StartsWith('LOADED ') })
        $loaded | Should -HaveCount 1 -Because $run.Stdout
        $loaded[0] | Should -BeExactly 'LOADED FtpLite,FtpLite.PowerShell'
    }

    It 'refuses -Root together with -S3Bucket' {
        { Start-FtpLiteServer -Root $TestDrive -S3Bucket b -Port 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
    }
}
