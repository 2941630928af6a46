; A stand-in for Windows' bootmgr, for the Windows installer stick tests (tests/windows/).
; GRUB's `ntldr /bootmgr` reads the whole file to physical 0x20000 and jumps to 0x2000:0000 in
; real mode with DS = ES = SS = 0, SP = 0x7c00 and DL = the BIOS boot drive (and the partition's
; boot sector at 0x7c00). This program prints MARKER on COM1 (initialised here: 115200 8N1)
; and on the screen through the BIOS teletype call, then halts for good.
; Build: nasm -f bin -o bootmgr bootmgr.asm
bits 16
org 0                           ; addresses are offsets in CS, whatever segment we run in

COM1 equ 0x3f8

start:
    cli
    mov ax, cs
    mov ds, ax
    mov ss, ax                  ; a stack of our own, after the program in this segment
    mov sp, stack_top
    sti
    cld

    ; UART: no interrupts, DLAB on, divisor 1 (115200 baud), 8N1, FIFO on, DTR + RTS.
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x80
    out dx, al
    mov dx, COM1
    mov al, 1
    out dx, al
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x03
    out dx, al
    mov dx, COM1 + 2
    mov al, 0xc7
    out dx, al
    mov dx, COM1 + 4
    mov al, 0x03
    out dx, al

    mov si, message
.next:
    lodsb
    test al, al
    jz halt
    mov bl, al
    ; serial: wait (bounded) until the transmit holding register is empty, then send
    mov cx, 0xffff
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jnz .send
    loop .wait
.send:
    mov dx, COM1
    mov al, bl
    out dx, al
    ; screen: BIOS teletype output, page 0
    mov ah, 0x0e
    mov al, bl
    xor bh, bh
    mov bl, 0x07
    int 0x10
    jmp .next

halt:
    cli
    hlt
    jmp halt

message db 13, 10, "STICKWRIGHT-BOOTMGR-REACHED", 13, 10, 0

align 16
stack_bottom:
    times 256 db 0
stack_top:
