<#
    Integrity: Get-FtpLiteFileHash against Get-FileHash, -Verify on Send and Receive, and -Resume both ways
    (against FtpLite's server, which has HASH and RANG, and vsftpd, which has neither), and -Verify's failure
    against a scripted server whose HASH does not match.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module "$PSScriptRoot/WrongHashServer.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Get-FtpLiteFileHash' {
    BeforeAll {
        $serverRoot = New-TestFolder -Prefix 'ftplite-hash-server'
        $file = New-TestFile -Path (Join-Path $serverRoot 'data.bin') -Length 300000 -Seed 7
        $null = New-TestFile -Path (Join-Path $serverRoot 'empty.bin') -Length 0
        $server = Start-TestServer -Root $serverRoot
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
    }

    It 'matches Get-FileHash for <_>' -ForEach @('SHA256', 'SHA1', 'MD5') {
        $remote = Get-FtpLiteFileHash /data.bin -Algorithm $_ -ErrorAction Stop
        $local = Get-FileHash -LiteralPath (Join-Path $serverRoot 'data.bin') -Algorithm $_
        $remote.Hash | Should -BeExactly $local.Hash
        $remote.Algorithm | Should -Be $local.Algorithm
        $remote.Path | Should -Be '/data.bin'
    }

    It 'knows CRC32 (checked against a known value)' {
        $null = Send-FtpLiteFile -LiteralPath (New-TestFile -Path (Join-Path (New-TestFolder) 'check.txt') -Length 0) -ErrorAction Stop
        [IO.File]::WriteAllText((Join-Path $serverRoot 'check.txt'), '123456789')
        (Get-FtpLiteFileHash /check.txt -Algorithm CRC32).Hash | Should -Be 'CBF43926'
    }

    It 'hashes an empty file' {
        (Get-FtpLiteFileHash /empty.bin).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $serverRoot 'empty.bin')).Hash
    }

    It 'takes Get-FtpLiteItem output and wildcards' {
        @(Get-FtpLiteItem /*.bin | Get-FtpLiteFileHash).Count | Should -Be 2
        @(Get-FtpLiteFileHash /*.bin).Count | Should -Be 2
    }

    It 'reports a missing file as FtpLite.RemoteItemNotFound' {
        Get-FtpLiteFileHash /nope.bin -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.GetFtpLiteFileHashCommand'
    }
}

Describe '-Verify and -Resume against FtpLite''s server' {
    BeforeEach {
        $serverRoot = New-TestFolder -Prefix 'ftplite-resume-server'
        $local = New-TestFolder -Prefix 'ftplite-resume-local'
        $server = Start-TestServer -Root $serverRoot
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        $bytes = New-TestBytes -Length 1000000 -Seed 9
        [IO.File]::WriteAllBytes((Join-Path $serverRoot 'big.bin'), $bytes)
        [IO.File]::WriteAllBytes((Join-Path $local 'big.bin'), $bytes)
    }

    AfterEach {
        Disconnect-AllFtpLite
        $server | Stop-FtpLiteServer
    }

    It 'Receive -Verify checks the hash and keeps the file' {
        $file = Receive-FtpLiteFile /big.bin -Destination (Join-Path $local 'v.bin') -Verify -ErrorAction Stop -WarningVariable warnings
        $warnings | Should -HaveCount 0
        Get-TestFileHash $file.FullName | Should -Be (Get-TestFileHash (Join-Path $serverRoot 'big.bin'))
    }

    It 'Send -Verify checks the hash' {
        $item = Send-FtpLiteFile -LiteralPath (Join-Path $local 'big.bin') -Destination /up.bin -Verify -ErrorAction Stop -WarningVariable warnings
        $warnings | Should -HaveCount 0
        $item.Length | Should -Be 1000000
    }

    It 'Receive -Resume continues from a shorter local file, downloading only the rest' {
        $partial = Join-Path $local 'part.bin'
        [IO.File]::WriteAllBytes($partial, $bytes[0..399999])
        $file = Receive-FtpLiteFile /big.bin -Destination $partial -Resume -ErrorAction Stop -Verbose 4>&1 |
            ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $script:verbose += @($_.Message) } else { $_ } }
        $script:verbose | Should -Contain "Resumed '/big.bin' at byte 400000."
        Get-TestFileHash $partial | Should -Be (Get-TestFileHash (Join-Path $serverRoot 'big.bin'))
        $server.BytesSent | Should -BeLessThan 1000000
    }

    It 'Receive -Resume starts over when the local file is not a prefix of the remote one' {
        $partial = Join-Path $local 'wrong.bin'
        [IO.File]::WriteAllBytes($partial, (New-TestBytes -Length 400000 -Seed 99))
        $null = Receive-FtpLiteFile /big.bin -Destination $partial -Resume -ErrorAction Stop
        Get-TestFileHash $partial | Should -Be (Get-TestFileHash (Join-Path $serverRoot 'big.bin'))
    }

    It 'Send -Resume continues a shorter remote file with the rest' {
        [IO.File]::WriteAllBytes((Join-Path $serverRoot 'half.bin'), $bytes[0..499999])
        $before = $server.BytesReceived
        $null = Send-FtpLiteFile -LiteralPath (Join-Path $local 'big.bin') -Destination /half.bin -Resume -ErrorAction Stop
        Get-TestFileHash (Join-Path $serverRoot 'half.bin') | Should -Be (Get-TestFileHash (Join-Path $local 'big.bin'))
        ($server.BytesReceived - $before) | Should -Be 500000
    }

    It 'Send -Resume refuses a remote file that is not a prefix unless -Force' {
        [IO.File]::WriteAllBytes((Join-Path $serverRoot 'other.bin'), (New-TestBytes -Length 500000 -Seed 98))
        Send-FtpLiteFile -LiteralPath (Join-Path $local 'big.bin') -Destination /other.bin -Resume -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
        (Get-Item (Join-Path $serverRoot 'other.bin')).Length | Should -Be 500000
    }
}

Describe '-Verify against a server whose hash does not match' {
    BeforeAll {
        $bytes = New-TestBytes -Length 200000 -Seed 12
        $actual = (Get-FileHash -InputStream ([IO.MemoryStream]::new($bytes)) -Algorithm SHA256).Hash
        $liar = Start-WrongHashServer -Files @{ '/data.bin' = $bytes }
        $session = Connect-FtpLite -Port $liar.Port -ErrorAction Stop
    }

    AfterAll {
        Disconnect-AllFtpLite
        Stop-WrongHashServer $liar
    }

    It 'Receive -Verify fails with FtpLite.VerificationFailed, names both hashes and saves nothing' {
        $local = New-TestFolder -Prefix 'ftplite-verify-receive'
        $output = Receive-FtpLiteFile /data.bin -Destination (Join-Path $local 'data.bin') -Verify -ErrorAction SilentlyContinue -ErrorVariable failures

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.VerificationFailed,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
        $failures[0].Exception.Message | Should -BeExactly "Verification of '/data.bin' failed: the SHA-256 hash of the downloaded file is $actual, expected $(Get-EmptySha256)."
        Get-ChildItem -LiteralPath $local -Force | Should -BeNullOrEmpty
    }

    It 'Send -Verify fails with FtpLite.VerificationFailed, names both hashes and deletes the remote copy' {
        $local = New-TestFolder -Prefix 'ftplite-verify-send'
        $source = Join-Path $local 'up.bin'
        [IO.File]::WriteAllBytes($source, $bytes)
        $output = Send-FtpLiteFile -LiteralPath $source -Destination /up.bin -Verify -ErrorAction SilentlyContinue -ErrorVariable failures

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.VerificationFailed,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
        $failures[0].Exception.Message | Should -BeExactly "Verification of '/up.bin' failed: the SHA-256 hash of the remote file is $(Get-EmptySha256), expected $actual."
        $liar.Commands | Should -Contain 'STOR /up.bin'
        $liar.Commands | Should -Contain 'DELE /up.bin'
        $liar.Files.ContainsKey('/up.bin') | Should -BeFalse
        Get-TestFileHash $source | Should -Be $actual
    }
}

Describe '-Verify and -Resume against vsftpd (no HASH)' {
    BeforeAll {
        $peerRoot = New-TestFolder -Prefix 'ftplite-resume-vsftpd'
        $peer = Start-PeerServer -Name vsftpd -Root $peerRoot
        $session = Connect-FtpLite -Port $peer.Port -Credential (Get-PeerCredential) -ErrorAction Stop
        $local = New-TestFolder -Prefix 'ftplite-resume-vsftpd-local'
        $bytes = New-TestBytes -Length 600000 -Seed 5
        [IO.File]::WriteAllBytes((Join-Path $local 'data.bin'), $bytes)
    }

    It 'Send -Verify falls back to sizes and says so' {
        $null = Send-FtpLiteFile -LiteralPath (Join-Path $local 'data.bin') -Destination /data.bin -Verify -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings[0].Message | Should -BeLike '*verified by its size only*'
    }

    It 'Send -Resume appends the rest to a partial upload' {
        # The partial upload goes through vsftpd, so the file belongs to vsftpd's user as a real one would.
        [IO.File]::WriteAllBytes((Join-Path $local 'first-part.bin'), $bytes[0..199999])
        $null = Send-FtpLiteFile -LiteralPath (Join-Path $local 'first-part.bin') -Destination /partial.bin -ErrorAction Stop
        $null = Send-FtpLiteFile -LiteralPath (Join-Path $local 'data.bin') -Destination /partial.bin -Resume -ErrorAction Stop -WarningAction SilentlyContinue
        Get-TestFileHash (Join-Path $peerRoot 'partial.bin') | Should -Be (Get-TestFileHash (Join-Path $local 'data.bin'))
    }

    It 'Receive -Resume continues from a shorter local file' {
        $partial = Join-Path $local 'down.bin'
        [IO.File]::WriteAllBytes($partial, $bytes[0..99999])
        $null = Receive-FtpLiteFile /data.bin -Destination $partial -Resume -ErrorAction Stop
        Get-TestFileHash $partial | Should -Be (Get-TestFileHash (Join-Path $local 'data.bin'))
    }
}
