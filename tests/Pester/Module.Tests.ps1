BeforeAll {
    $script:ModulePath = if ($env:FTPLITE_MODULE) { $env:FTPLITE_MODULE } else { Join-Path $PSScriptRoot '../../out/FtpLite/FtpLite.psd1' }
}

Describe 'The FtpLite module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $ModulePath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets' {
        $module = Import-Module $ModulePath -Force -PassThru
        $module.ExportedCmdlets.Keys | Sort-Object | Should -Be @(
            'Connect-FtpLite', 'Disconnect-FtpLite', 'Get-FtpLiteFileHash', 'Get-FtpLiteItem', 'Get-FtpLiteServer',
            'Get-FtpLiteSession', 'New-FtpLiteDirectory', 'Receive-FtpLiteFile', 'Remove-FtpLiteItem', 'Rename-FtpLiteItem',
            'Send-FtpLiteFile', 'Start-FtpLiteServer', 'Stop-FtpLiteServer')
        $module.ExportedFunctions.Count | Should -Be 0
    }

    It 'leaves the protocol core (FtpLite.dll) unloaded until a cmdlet runs' {
        # Import-Module is paid by every session and script: loading the core there costs a fresh process about a
        # quarter of the import (bench/results/2026-12-02-import-module.md). A cmdlet class with a field of a core
        # value type (an enum parameter's backing field) would load it while PowerShell lists the cmdlets.
        [string[]] $launch = if ((Split-Path -Leaf ([Environment]::ProcessPath)) -like 'dotnet*') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
        $probe = "Import-Module -Name '$($ModulePath -replace "'", "''")' -ErrorAction Stop; " +
            "([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { `$_.GetName().Name }) -join ','"
        $loaded = & ([Environment]::ProcessPath) @launch -NoProfile -NonInteractive -Command $probe
        $LASTEXITCODE | Should -Be 0 -Because "$loaded"
        $names = "$loaded".Split(',')
        $names | Should -Contain 'FtpLite.PowerShell'
        $names | Should -Not -Contain 'FtpLite'
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        (Get-Command -Module FtpLite).Verb | ForEach-Object { $_ | Should -BeIn $approved }
    }
}
